/* The connection guard: request deadlines (the reaper) and lingering closes (the drainer). */
#include "http/guard.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/log.h"
#include "http/limits.h"

#define TICK_MS 200          /* how often deadlines are looked at */
#define DRAIN_SOCKETS 256    /* sockets drained at once; past it a close is a plain close */
#define DRAIN_SECONDS 10     /* how long one is drained at most */

/* One live connection (libmicrohttpd's socket context). */
struct watch {
	int fd;
	int64_t deadline;      /* CLOCK_MONOTONIC ns; 0: none (its request is being answered) */
	bool started, complete, reaped;
	struct watch *prev, *next;
};

/* One socket kept open after libmicrohttpd closed it, read and dropped until it ends. */
struct drain {
	int fd;                /* -1: free */
	int64_t until;
	size_t left;
};

struct guard {
	pthread_mutex_t lock;
	int64_t request_ns;
	struct watch *head;
	struct drain drains[DRAIN_SOCKETS];
	int epfd, wakefd;
	pthread_t thread;
	atomic_bool stopping;
};

static struct watch *
watch_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return info != NULL ? info->socket_context : NULL;
}

/* ---- the drainer ---- */

static void
drain_close(struct guard *g, struct drain *d)
{
	epoll_ctl(g->epfd, EPOLL_CTL_DEL, d->fd, NULL);
	close(d->fd);
	d->fd = -1;
}

/* Keeps a copy of a socket libmicrohttpd is about to close, and sends FIN after the answer. */
static void
drain_add(struct guard *g, int fd)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP };

	for (int i = 0; i < DRAIN_SOCKETS; i++) {
		struct drain *d = &g->drains[i];
		if (d->fd >= 0)
			continue;
		if ((d->fd = dup(fd)) < 0)
			return;
		shutdown(d->fd, SHUT_WR);
		d->until = clock_monotonic_ns() + (int64_t)DRAIN_SECONDS * 1000000000;
		d->left = LIMIT_BODY_DISCARD;
		ev.data.ptr = d;
		if (epoll_ctl(g->epfd, EPOLL_CTL_ADD, d->fd, &ev) != 0) {
			close(d->fd);
			d->fd = -1;
		}
		return;
	}
}

/* Reads what the client still sends; closes at its end, past the size, or on error. */
static void
drain_read(struct guard *g, struct drain *d)
{
	char buf[16384];

	for (;;) {
		ssize_t n = recv(d->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || (size_t)n >= d->left) {
			drain_close(g, d);
			return;
		}
		d->left -= (size_t)n;
	}
}

/* ---- the reaper ---- */

static void
reap(struct guard *g, int64_t now)
{
	unsigned long n = 0;

	for (struct watch *w = g->head; w != NULL; w = w->next) {
		if (w->deadline == 0 || now < w->deadline)
			continue;
		/* libmicrohttpd reads the end of the stream and closes the connection itself. */
		shutdown(w->fd, SHUT_RDWR);
		w->deadline = 0;
		w->reaped = true;
		n++;
	}
	for (int i = 0; i < DRAIN_SOCKETS; i++)
		if (g->drains[i].fd >= 0 && now >= g->drains[i].until)
			drain_close(g, &g->drains[i]);
	if (n > 0)
		log_event(LOG_WARN, "request_deadline", "closed=%lu", n);
}

static void *
guard_main(void *arg)
{
	struct guard *g = arg;
	struct epoll_event events[32];

	while (!atomic_load(&g->stopping)) {
		int n = epoll_wait(g->epfd, events, 32, TICK_MS);

		pthread_mutex_lock(&g->lock);
		for (int i = 0; i < n; i++)
			if (events[i].data.ptr != NULL && ((struct drain *)events[i].data.ptr)->fd >= 0)
				drain_read(g, events[i].data.ptr);
		reap(g, clock_monotonic_ns());
		pthread_mutex_unlock(&g->lock);
	}
	return NULL;
}

/* ---- libmicrohttpd's notifications ---- */

static void
watch_add(struct guard *g, struct MHD_Connection *c, void **socket_context)
{
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	struct watch *w = xcalloc(1, sizeof(*w));

	w->fd = info != NULL ? info->connect_fd : -1;
	pthread_mutex_lock(&g->lock);
	w->deadline = w->fd >= 0 ? clock_monotonic_ns() + g->request_ns : 0;
	w->next = g->head;
	if (g->head != NULL)
		g->head->prev = w;
	g->head = w;
	pthread_mutex_unlock(&g->lock);
	*socket_context = w;
}

static void
watch_remove(struct guard *g, struct watch *w)
{
	int pending = 0;

	pthread_mutex_lock(&g->lock);
	if (w->prev != NULL)
		w->prev->next = w->next;
	else
		g->head = w->next;
	if (w->next != NULL)
		w->next->prev = w->prev;
	/* A client still sending what we no longer read would get a reset, not our answer. */
	if (!w->reaped && w->fd >= 0 && !atomic_load(&g->stopping) &&
	    ((w->started && !w->complete) || (ioctl(w->fd, FIONREAD, &pending) == 0 && pending > 0)))
		drain_add(g, w->fd);
	pthread_mutex_unlock(&g->lock);
	free(w);
}

void
guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
	     enum MHD_ConnectionNotificationCode code)
{
	struct guard *g = cls;

	if (code == MHD_CONNECTION_NOTIFY_STARTED)
		watch_add(g, c, socket_context);
	else if (code == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context != NULL)
		watch_remove(g, *socket_context);
	if (code == MHD_CONNECTION_NOTIFY_CLOSED)
		*socket_context = NULL;
}

enum deadline_change { DEADLINE_KEEP, DEADLINE_NONE, DEADLINE_RENEW };

/* A connection's request moved on: its state, and (unless it was reaped) its deadline. */
static void
watch_set(struct guard *g, struct MHD_Connection *c, bool started, bool complete,
	  enum deadline_change change)
{
	struct watch *w = watch_of(c);

	if (w == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	w->started = started;
	w->complete = complete;
	if (!w->reaped && change != DEADLINE_KEEP)
		w->deadline = change == DEADLINE_RENEW ? clock_monotonic_ns() + g->request_ns : 0;
	pthread_mutex_unlock(&g->lock);
}

void
guard_request_started(struct guard *g, struct MHD_Connection *c)
{
	watch_set(g, c, true, false, DEADLINE_KEEP);
}

void
guard_request_received(struct guard *g, struct MHD_Connection *c)
{
	watch_set(g, c, true, true, DEADLINE_NONE);
}

void
guard_request_done(struct guard *g, struct MHD_Connection *c)
{
	watch_set(g, c, false, false, DEADLINE_RENEW);
}

/* ---- start and stop ---- */

struct guard *
guard_start(int request_seconds)
{
	struct guard *g = xcalloc(1, sizeof(*g));
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };

	pthread_mutex_init(&g->lock, NULL);
	g->request_ns = (int64_t)request_seconds * 1000000000;
	for (int i = 0; i < DRAIN_SOCKETS; i++)
		g->drains[i].fd = -1;
	g->epfd = epoll_create1(EPOLL_CLOEXEC);
	g->wakefd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (g->epfd < 0 || g->wakefd < 0 ||
	    epoll_ctl(g->epfd, EPOLL_CTL_ADD, g->wakefd, &ev) != 0 ||
	    pthread_create(&g->thread, NULL, guard_main, g) != 0) {
		if (g->epfd >= 0)
			close(g->epfd);
		if (g->wakefd >= 0)
			close(g->wakefd);
		pthread_mutex_destroy(&g->lock);
		free(g);
		return NULL;
	}
	return g;
}

void
guard_stop(struct guard *g)
{
	uint64_t one = 1;

	if (g == NULL)
		return;
	atomic_store(&g->stopping, true);
	if (write(g->wakefd, &one, sizeof(one)) < 0)
		log_event(LOG_WARN, "guard_stop", "error=\"cannot wake the guard\"");
	pthread_join(g->thread, NULL);
	for (int i = 0; i < DRAIN_SOCKETS; i++)
		if (g->drains[i].fd >= 0)
			drain_close(g, &g->drains[i]);
	close(g->epfd);
	close(g->wakefd);
	pthread_mutex_destroy(&g->lock);
	free(g);
}
