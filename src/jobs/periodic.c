/* A background job's thread (see periodic.h): a monotonic timed wait between rounds. */
#include "jobs/periodic.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"

/* The background's priority (periodic.h): nice 19 unless the server's settings say. */
static atomic_int background_nice = 19;

struct periodic {
	const char *name;
	int seconds;
	void (*round)(void *ctx);
	void *ctx;
	void (*first_done)(void *ctx);
	void *first_ctx;
	bool background; /* at background_nice */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stopping, at_once;
};

/* This thread alone (Linux keeps a nice value per thread) gives way to the others; lowering
 * it needs no privilege. A refusal only leaves the job at the normal priority. */
static void
background_priority(const char *name)
{
	int nice = atomic_load(&background_nice);

	if (nice != 0 && setpriority(PRIO_PROCESS, (id_t)gettid(), nice) != 0)
		log_event(LOG_WARN, "job_priority", "job=%s nice=%d", name, nice);
}

void
periodic_background_nice(int nice)
{
	atomic_store(&background_nice, nice);
}

static void *
periodic_main(void *arg)
{
	struct periodic *p = arg;
	struct timespec until;
	bool stopping;

	pthread_setname_np(pthread_self(), p->name);
	if (p->background)
		background_priority(p->name);
	if (p->at_once) {
		p->round(p->ctx);
		pthread_mutex_lock(&p->lock);
		stopping = p->stopping;
		pthread_mutex_unlock(&p->lock);
		if (!stopping && p->first_done != NULL)
			p->first_done(p->first_ctx);
	}
	pthread_mutex_lock(&p->lock);
	while (!p->stopping) {
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += p->seconds;
		while (!p->stopping && pthread_cond_timedwait(&p->wake, &p->lock, &until) == 0)
			;
		if (p->stopping)
			break;
		pthread_mutex_unlock(&p->lock);
		p->round(p->ctx);
		pthread_mutex_lock(&p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

static struct periodic *
start(const struct periodic *how)
{
	struct periodic *p = calloc(1, sizeof(*p));
	pthread_condattr_t attr;

	if (p == NULL)
		return NULL;
	*p = *how;
	pthread_mutex_init(&p->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&p->wake, &attr);
	pthread_condattr_destroy(&attr);
	if (pthread_create(&p->thread, NULL, periodic_main, p) != 0) {
		pthread_cond_destroy(&p->wake);
		pthread_mutex_destroy(&p->lock);
		free(p);
		return NULL;
	}
	return p;
}

struct periodic *
periodic_start(const char *name, int seconds, void (*round)(void *ctx), void *ctx)
{
	return start(&(struct periodic){ .name = name, .seconds = seconds, .round = round,
					 .ctx = ctx, .background = true });
}

struct periodic *
periodic_start_now(const char *name, int seconds, void (*round)(void *ctx), void *ctx,
		   void (*first_done)(void *ctx), void *first_ctx, bool background)
{
	return start(&(struct periodic){ .name = name, .seconds = seconds, .round = round,
					 .ctx = ctx,
					 .first_done = first_done, .first_ctx = first_ctx,
					 .at_once = true, .background = background });
}

void
periodic_stop(struct periodic *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_signal(&p->wake);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	pthread_cond_destroy(&p->wake);
	pthread_mutex_destroy(&p->lock);
	free(p);
}
