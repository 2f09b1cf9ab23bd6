/*
 * Where attachments' ciphertext lives on disk (store/attachments.h): SQLite's directory beside
 * the database, the spool files uploads are written to as they arrive, and the copy that
 * `ura backup` and `ura restore` make of the directory.
 */
#include "store/attachments.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "crypt/attachment.h"

#define FILES_PATH_MAX 1200
#define PART_PREFIX ".part-"

struct attachment_files {
	char dir[FILES_PATH_MAX];   /* SQLite: <db>.files; "" on PostgreSQL */
	char spool[FILES_PATH_MAX]; /* where spool files are made */
};

static void
dir_of_db(const char *db, char *out, size_t len)
{
	snprintf(out, len, "%s.files", db);
}

/* Makes `dir` (0700) unless it exists as a directory; false (err set) otherwise. */
static bool
dir_make(const char *dir, char *err, size_t errlen)
{
	struct stat st;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot make %s: %s", dir, strerror(errno));
		return false;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s is not a directory", dir);
		return false;
	}
	return true;
}

/* What an upload interrupted by a crash left: spool files no row can name. */
static void
sweep_parts(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[FILES_PATH_MAX + 300];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, PART_PREFIX, strlen(PART_PREFIX)) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
}

struct attachment_files *
attachment_files_open(const char *db_url, char *err, size_t errlen)
{
	struct attachment_files *f = xcalloc(1, sizeof(*f));
	const char *tmp = getenv("TMPDIR");

	if (store_url_is_postgres(db_url)) {
		snprintf(f->spool, sizeof(f->spool), "%s", tmp != NULL && *tmp ? tmp : "/tmp");
		return f;
	}
	dir_of_db(db_url, f->dir, sizeof(f->dir));
	if (!dir_make(f->dir, err, errlen)) {
		free(f);
		return NULL;
	}
	sweep_parts(f->dir);
	snprintf(f->spool, sizeof(f->spool), "%s", f->dir);
	return f;
}

void
attachment_files_close(struct attachment_files *f)
{
	free(f);
}

const char *
attachment_files_dir(const struct attachment_files *f)
{
	return f != NULL && f->dir[0] != '\0' ? f->dir : NULL;
}

static void
part_path(const struct attachment_files *f, const char *file_id, char *out, size_t len)
{
	snprintf(out, len, "%s/" PART_PREFIX "%s", f->dir, file_id);
}

static void
final_path(const struct attachment_files *f, const char *file_id, char *out, size_t len)
{
	snprintf(out, len, "%s/%s", f->dir, file_id);
}

int
attachment_spool_open(const struct attachment_files *f, const char *file_id)
{
	char path[FILES_PATH_MAX + 64];
	int fd;

	if (attachment_files_dir(f) != NULL) {
		part_path(f, file_id, path, sizeof(path));
		return open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	}
	/* PostgreSQL: a file without a name, gone with its descriptor (even after a crash). */
	fd = open(f->spool, O_RDWR | O_TMPFILE | O_CLOEXEC, 0600);
	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR))
		return fd;
	snprintf(path, sizeof(path), "%s/ura-upload-XXXXXX", f->spool);
	if ((fd = mkostemp(path, O_CLOEXEC)) >= 0)
		unlink(path);
	return fd;
}

enum ura_status
attachment_spool_commit(const struct attachment_files *f, int fd, const char *file_id)
{
	char from[FILES_PATH_MAX + 64], to[FILES_PATH_MAX + 64];
	int dirfd;
	bool ok;

	if (attachment_files_dir(f) == NULL)
		return URA_OK;
	part_path(f, file_id, from, sizeof(from));
	final_path(f, file_id, to, sizeof(to));
	if (fsync(fd) != 0 || rename(from, to) != 0)
		return errno == ENOSPC || errno == EDQUOT ? URA_EFULL : URA_EINTERNAL;
	/* The new name is durable only once the directory is. */
	if ((dirfd = open(f->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return URA_EINTERNAL;
	ok = fsync(dirfd) == 0;
	close(dirfd);
	return ok ? URA_OK : URA_EINTERNAL;
}

void
attachment_spool_discard(const struct attachment_files *f, int fd, const char *file_id,
			 bool committed)
{
	char path[FILES_PATH_MAX + 64];

	if (fd >= 0)
		close(fd);
	if (attachment_files_dir(f) == NULL)
		return;
	part_path(f, file_id, path, sizeof(path));
	unlink(path);
	if (committed) {
		final_path(f, file_id, path, sizeof(path));
		unlink(path);
	}
}

ssize_t
attachment_read_full(int fd, unsigned char *p, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, p + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

enum ura_status
attachment_file_read(const struct attachment_files *f, const char *file_id,
		     attachment_segment_fn segment, void *ctx)
{
	char path[FILES_PATH_MAX + 64];
	unsigned char *buf = malloc(ATTACH_CHUNK_SEALED);
	size_t want = ATTACH_HEADER_LEN;
	enum ura_status st = URA_OK;
	ssize_t n;
	int fd = -1;

	final_path(f, file_id, path, sizeof(path));
	if (buf == NULL || (fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0) {
		free(buf);
		return URA_EINTERNAL;
	}
	for (;; want = ATTACH_CHUNK_SEALED) {
		n = attachment_read_full(fd, buf, want);
		if (n < 0 || (n > 0 && !segment(buf, (size_t)n, ctx)))
			st = URA_EINTERNAL;
		if (n <= 0 || st != URA_OK)
			break;
	}
	close(fd);
	free(buf);
	return st;
}

/* ---- backup and restore ---- */

/* Copies one file into a new one (0600), durably. */
static bool
file_copy(const char *from, const char *to)
{
	unsigned char buf[64 * 1024];
	int in = open(from, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), out = -1;
	bool ok = in >= 0;
	ssize_t n = 0;

	/* A file of that name is already there (an earlier backup): the same bytes, as a file
	 * id names one file for ever. */
	if (ok && (out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
		close(in);
		return errno == EEXIST;
	}
	while (ok && (n = attachment_read_full(in, buf, sizeof(buf))) > 0)
		ok = write(out, buf, (size_t)n) == n;
	ok = ok && n == 0 && fsync(out) == 0;
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return ok;
}

enum ura_status
attachment_files_copy(const char *src_db, const char *dest_db, char *err, size_t errlen)
{
	char src[FILES_PATH_MAX], dest[FILES_PATH_MAX], from[FILES_PATH_MAX + 300],
		to[FILES_PATH_MAX + 300];
	struct dirent *e;
	DIR *d;
	bool ok = true;

	if (store_url_is_postgres(src_db) || store_url_is_postgres(dest_db))
		return URA_OK;
	dir_of_db(src_db, src, sizeof(src));
	dir_of_db(dest_db, dest, sizeof(dest));
	if ((d = opendir(src)) == NULL)
		return URA_OK; /* no attachment was ever stored */
	if (!dir_make(dest, err, errlen)) {
		closedir(d);
		return URA_EINTERNAL;
	}
	/* Spool files (.part-*) are uploads under way: no row of the copy names them. */
	while (ok && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(from, sizeof(from), "%s/%s", src, e->d_name);
		snprintf(to, sizeof(to), "%s/%s", dest, e->d_name);
		if (!(ok = file_copy(from, to)))
			snprintf(err, errlen, "cannot copy %s to %s: %s", from, to, strerror(errno));
	}
	closedir(d);
	return ok ? URA_OK : URA_EINTERNAL;
}
