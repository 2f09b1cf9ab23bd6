/*
 * The HTTP ceiling bench/cases.sh measures Ura against: libmicrohttpd answering "hello" with the
 * same daemon flags as src/http/server.c (epoll, a thread per core, turbo), nothing else.
 * Built by the bench with the system's compiler; never part of `ura`.
 * Usage: hello PORT   (prints "listening on http://127.0.0.1:PORT" and serves until killed)
 */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static enum MHD_Result
answer(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
       const char *version, const char *data, size_t *size, void **state)
{
	static const char body[] = "hello";
	struct MHD_Response *resp;
	enum MHD_Result ok;

	(void)cls, (void)url, (void)method, (void)version, (void)data, (void)size, (void)state;
	resp = MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_PERSISTENT);
	ok = MHD_queue_response(conn, 200, resp);
	MHD_destroy_response(resp);
	return ok;
}

int
main(int argc, char **argv)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned port = argc > 1 ? (unsigned)atoi(argv[1]) : 0;
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_TURBO, (uint16_t)port, NULL, NULL, answer,
		NULL, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cores > 0 ? cores : 1), MHD_OPTION_END);

	if (d == NULL)
		return 1;
	printf("listening on http://127.0.0.1:%u\n", port);
	fflush(stdout);
	pause();
	return 0;
}
