/* One e-mail over SMTP (see smtp.h): the message built as RFC 5322 text, libcurl sends it. */
#include "mail/smtp.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"

bool
smtp_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

void
smtp_global_cleanup(void)
{
	curl_global_cleanup();
}

struct message {
	char text[4096];
	size_t len, sent;
};

/* The subject as an RFC 2047 encoded word: Albanian and Serbian letters are not ASCII. */
static void
encoded_subject(const char *subject, char *out, size_t len)
{
	char b64[sodium_base64_ENCODED_LEN(512, sodium_base64_VARIANT_ORIGINAL)];
	size_t n = strlen(subject);

	if (n > 512)
		n = 512;
	sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)subject, n,
			  sodium_base64_VARIANT_ORIGINAL);
	snprintf(out, len, "=?UTF-8?B?%s?=", b64);
}

static bool
message_build(struct message *m, const struct config *cfg, const char *to, const char *subject,
	      const char *body)
{
	char date[64], encoded[800], id[33];
	unsigned char random[16];
	time_t now = (time_t)clock_now();
	struct tm tm;
	int n;

	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	encoded_subject(subject, encoded, sizeof(encoded));
	randombytes_buf(random, sizeof(random));
	sodium_bin2hex(id, sizeof(id), random, sizeof(random));
	n = snprintf(m->text, sizeof(m->text),
		     "Date: %s\r\nFrom: Ura <%s>\r\nTo: <%s>\r\nSubject: %s\r\n"
		     "Message-ID: <%s@ura>\r\nMIME-Version: 1.0\r\n"
		     "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n"
		     "Auto-Submitted: auto-generated\r\n\r\n",
		     date, cfg->smtp_from, to, encoded, id);
	if (n < 0 || (size_t)n >= sizeof(m->text))
		return false;
	m->len = (size_t)n;
	/* The body with CRLF line ends, as SMTP wants them. */
	for (const char *p = body; *p != '\0'; p++) {
		if (m->len + 2 >= sizeof(m->text))
			return false;
		if (*p == '\n')
			m->text[m->len++] = '\r';
		m->text[m->len++] = *p;
	}
	return true;
}

static size_t
message_read(char *buf, size_t size, size_t nitems, void *ctx)
{
	struct message *m = ctx;
	size_t room = size * nitems, left = m->len - m->sent;
	size_t n = left < room ? left : room;

	memcpy(buf, m->text + m->sent, n);
	m->sent += n;
	return n;
}

static void
curl_options(CURL *curl, const struct config *cfg, const char *url, struct curl_slist *rcpt,
	     struct message *m)
{
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, cfg->smtp_from);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, message_read);
	curl_easy_setopt(curl, CURLOPT_READDATA, m);
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp");
	if (cfg->smtp_starttls)
		curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (cfg->smtp_ca_file[0] != '\0')
		curl_easy_setopt(curl, CURLOPT_CAINFO, cfg->smtp_ca_file);
	if (cfg->smtp_username[0] != '\0') {
		curl_easy_setopt(curl, CURLOPT_USERNAME, cfg->smtp_username);
		curl_easy_setopt(curl, CURLOPT_PASSWORD, cfg->smtp_password);
	}
}

bool
smtp_send(const struct config *cfg, const char *to, const char *subject, const char *body,
	  char *err, size_t errlen)
{
	static struct message m; /* one thread sends: the mailer's */
	char url[300], curl_err[CURL_ERROR_SIZE] = "";
	struct curl_slist *rcpt;
	CURL *curl;
	CURLcode rc;

	memset(&m, 0, sizeof(m));
	if (!message_build(&m, cfg, to, subject, body)) {
		snprintf(err, errlen, "message too long");
		return false;
	}
	if ((curl = curl_easy_init()) == NULL) {
		snprintf(err, errlen, "curl_easy_init failed");
		return false;
	}
	snprintf(url, sizeof(url), "smtp://%s:%d", cfg->smtp_host, cfg->smtp_port);
	rcpt = curl_slist_append(NULL, to);
	curl_options(curl, cfg, url, rcpt, &m);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_err);
	rc = curl_easy_perform(curl);
	if (rc != CURLE_OK) {
		long code = 0; /* the server's last reply code (451, 550, …), 0 when none */
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
		snprintf(err, errlen, "%ld %s", code, curl_err[0] ? curl_err : curl_easy_strerror(rc));
	}
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(curl);
	return rc == CURLE_OK;
}
