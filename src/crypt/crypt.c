/* libsodium behind Ura's own names. */
#include "crypt/crypt.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The cost of a new password hash: by default OWASP's minimum for argon2id, 19 MiB of memory
 * and two passes (settings password_hash_memory_kib, password_hash_passes). A stored hash
 * carries its own cost, so a hash made at another cost still verifies. */
static unsigned long long pwhash_opslimit = CRYPT_PASSWORD_PASSES_DEFAULT;
static size_t pwhash_memlimit = (size_t)CRYPT_PASSWORD_MEMORY_KIB_DEFAULT * 1024;

/* Caps concurrent hashes so a flood of sign-ins cannot exhaust memory (crypt_hash_slots). */
static sem_t hash_gate;
/* A real hash verified when the user is unknown, to spend the same time. Made at the first
 * verification after the cost is set, not at start: two argon2id hashes were a third of
 * `ura serve`'s time to listen. The first sign-in, known user or not, pays for it, so that
 * one does not tell either. */
static char dummy_hash[PASSWORD_HASH_MAX];
static bool dummy_ready;
static pthread_mutex_t dummy_lock = PTHREAD_MUTEX_INITIALIZER;

bool
crypt_init(int max_hashes)
{
	static bool done;

	if (done)
		return true;
	if (sodium_init() < 0 || sem_init(&hash_gate, 0, max_hashes > 0 ? (unsigned)max_hashes : 1))
		return false;
	done = true;
	return true;
}

int
crypt_hash_slots(int cores, unsigned memory_kib)
{
	unsigned fit = memory_kib > 0 ? CRYPT_HASH_MEMORY_BUDGET_KIB / memory_kib : 1;
	int slots = cores < (int)fit ? cores : (int)fit;

	return slots > 0 ? slots : 1;
}

bool
crypt_password_cost(unsigned memory_kib, unsigned passes)
{
	size_t memlimit = (size_t)memory_kib * 1024;

	if (memlimit < crypto_pwhash_MEMLIMIT_MIN || passes < crypto_pwhash_OPSLIMIT_MIN ||
	    passes > crypto_pwhash_OPSLIMIT_MAX)
		return false;
	pthread_mutex_lock(&dummy_lock);
	pwhash_memlimit = memlimit;
	pwhash_opslimit = passes;
	dummy_ready = false;
	pthread_mutex_unlock(&dummy_lock);
	return true;
}

/* The unknown user's hash, at the cost a real one has now. */
static const char *
dummy(void)
{
	pthread_mutex_lock(&dummy_lock);
	if (!dummy_ready)
		dummy_ready = crypto_pwhash_str_alg(dummy_hash, "not a password of anyone", 24,
						    pwhash_opslimit, pwhash_memlimit,
						    crypto_pwhash_ALG_ARGON2ID13) == 0;
	pthread_mutex_unlock(&dummy_lock);
	return dummy_hash;
}

static void
gate_enter(void)
{
	while (sem_wait(&hash_gate) != 0 && errno == EINTR)
		;
}

enum ura_status
password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
	int rc;

	gate_enter();
	rc = crypto_pwhash_str_alg(out, password, strlen(password), pwhash_opslimit,
				   pwhash_memlimit, crypto_pwhash_ALG_ARGON2ID13);
	sem_post(&hash_gate);
	return rc == 0 ? URA_OK : URA_EINTERNAL;
}

bool
password_verify(const char *stored, const char *password)
{
	const char *unknown;
	int rc;

	gate_enter();
	unknown = dummy(); /* made once whoever signs in first: see dummy_hash */
	rc = crypto_pwhash_str_verify(stored != NULL ? stored : unknown, password,
				      strlen(password));
	sem_post(&hash_gate);
	return stored != NULL && rc == 0;
}

void
token_new(char out[TOKEN_TEXT_LEN + 1])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, TOKEN_TEXT_LEN + 1, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void
token_hash(const char *token, size_t len, unsigned char out[TOKEN_HASH_LEN])
{
	crypto_generichash(out, TOKEN_HASH_LEN, (const unsigned char *)token, len, NULL, 0);
}

void
csrf_token_derive(const char *session_token, char out[TOKEN_TEXT_LEN + 1])
{
	/* A key of its own, so the CSRF token never equals the session token's stored hash. */
	static const unsigned char domain[crypto_generichash_KEYBYTES_MIN] = "ura csrf token 1";
	unsigned char raw[32];

	crypto_generichash(raw, sizeof(raw), (const unsigned char *)session_token,
			   strlen(session_token), domain, sizeof(domain));
	sodium_bin2base64(out, TOKEN_TEXT_LEN + 1, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

bool
crypt_equal(const void *a, const void *b, size_t len)
{
	return sodium_memcmp(a, b, len) == 0;
}

enum ura_status
keyfile_create(const char *path, char *err, size_t errlen)
{
	unsigned char key[MASTER_KEY_LEN];
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	ssize_t n;

	if (fd < 0) {
		snprintf(err, errlen, "cannot create key file %s: %s", path, strerror(errno));
		return errno == EEXIST ? URA_EEXISTS : URA_EINTERNAL;
	}
	randombytes_buf(key, sizeof(key));
	n = write(fd, key, sizeof(key));
	sodium_memzero(key, sizeof(key));
	if (n != (ssize_t)sizeof(key) || fsync(fd) != 0) {
		snprintf(err, errlen, "cannot write key file %s", path);
		close(fd);
		unlink(path);
		return URA_EINTERNAL;
	}
	close(fd);
	return URA_OK;
}

enum ura_status
keyfile_load(const char *path, unsigned char key[MASTER_KEY_LEN], char *err, size_t errlen)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		snprintf(err, errlen, "cannot open key file %s: %s", path, strerror(errno));
		return URA_EINTERNAL;
	}
	if (fstat(fd, &st) != 0 || (st.st_mode & 077) != 0) {
		snprintf(err, errlen, "key file %s must be readable by its owner only (chmod 600)",
			 path);
		close(fd);
		return URA_EFORBIDDEN;
	}
	n = read(fd, key, MASTER_KEY_LEN);
	close(fd);
	if (n != MASTER_KEY_LEN || st.st_size != MASTER_KEY_LEN) {
		sodium_memzero(key, MASTER_KEY_LEN);
		snprintf(err, errlen, "key file %s is not a Ura master key", path);
		return URA_EINVAL;
	}
	return URA_OK;
}
