/* Worker threads over one queue, with an optional bound on what they hold. */
#include "http/pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/log.h"

struct pool {
	pool_run_fn run;
	void *cls;
	pthread_t *threads;
	int nthreads;
	pthread_mutex_t lock;
	pthread_cond_t ready;
	struct pool_item *head, *tail;
	int held, max_held; /* reserved, queued or running */
	int gate_fd;
	bool stopping;
};

static void *
pool_main(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		struct pool_item *item;
		char byte;

		pthread_mutex_lock(&p->lock);
		while (p->head == NULL && !p->stopping)
			pthread_cond_wait(&p->ready, &p->lock);
		item = p->head;
		if (item == NULL) {
			pthread_mutex_unlock(&p->lock);
			return NULL;
		}
		p->head = item->next;
		if (p->head == NULL)
			p->tail = NULL;
		pthread_mutex_unlock(&p->lock);

		if (p->gate_fd >= 0 && read(p->gate_fd, &byte, 1) != 1)
			log_event(LOG_WARN, "pool_gate", "error=\"the gate is closed\"");
		p->run(item, p->cls);
		pool_release(p);
	}
}

struct pool *
pool_start(int threads, int max_held, int gate_fd, pool_run_fn run, void *cls)
{
	struct pool *p = xcalloc(1, sizeof(*p));

	p->run = run;
	p->cls = cls;
	p->max_held = max_held;
	p->gate_fd = gate_fd;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->ready, NULL);
	p->threads = xcalloc((size_t)threads, sizeof(*p->threads));
	for (; p->nthreads < threads; p->nthreads++) {
		if (pthread_create(&p->threads[p->nthreads], NULL, pool_main, p) != 0) {
			pool_stop(p);
			return NULL;
		}
	}
	return p;
}

bool
pool_reserve(struct pool *p)
{
	bool ok;

	pthread_mutex_lock(&p->lock);
	ok = p->max_held == 0 || p->held < p->max_held;
	if (ok)
		p->held++;
	pthread_mutex_unlock(&p->lock);
	return ok;
}

void
pool_release(struct pool *p)
{
	pthread_mutex_lock(&p->lock);
	p->held--;
	pthread_mutex_unlock(&p->lock);
}

void
pool_submit(struct pool *p, struct pool_item *item)
{
	pthread_mutex_lock(&p->lock);
	item->next = NULL;
	if (p->tail != NULL)
		p->tail->next = item;
	else
		p->head = item;
	p->tail = item;
	pthread_cond_signal(&p->ready);
	pthread_mutex_unlock(&p->lock);
}

void
pool_stop(struct pool *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_broadcast(&p->ready);
	pthread_mutex_unlock(&p->lock);
	for (int i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->ready);
	free(p->threads);
	free(p);
}
