/* Request counters and latency histograms in the Prometheus text format. */
#include "http/metrics.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const int tracked_status[] = { 200, 201, 202, 204, 400, 401, 403, 404, 405, 409, 412,
				      413, 415, 422, 428, 429, 500, 503 };
#define NSTATUS (int)(sizeof(tracked_status) / sizeof(tracked_status[0]))
static const double bucket_le[] = { 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5 };
#define NBUCKETS (int)(sizeof(bucket_le) / sizeof(bucket_le[0]))

struct route_metrics {
	atomic_ullong by_status[NSTATUS + 1]; /* the last one: any other status */
	atomic_ullong buckets[NBUCKETS + 1];  /* the last one: +Inf */
	atomic_ullong micros_sum;
	atomic_ullong count;
};

static struct route_metrics *table;
static int table_len;

void
metrics_init(int nroutes)
{
	table_len = nroutes + 1;
	table = xcalloc((size_t)table_len, sizeof(*table));
}

void
metrics_free(void)
{
	free(table);
	table = NULL;
	table_len = 0;
}

void
metrics_observe(int route_index, int status, double seconds)
{
	struct route_metrics *m;
	int s = NSTATUS, b = NBUCKETS;

	if (table == NULL)
		return;
	m = &table[route_index >= 0 && route_index < table_len - 1 ? route_index : table_len - 1];
	for (int i = 0; i < NSTATUS; i++)
		if (tracked_status[i] == status)
			s = i;
	for (int i = NBUCKETS - 1; i >= 0 && seconds <= bucket_le[i]; i--)
		b = i;
	atomic_fetch_add(&m->by_status[s], 1);
	atomic_fetch_add(&m->buckets[b], 1);
	atomic_fetch_add(&m->micros_sum, (unsigned long long)(seconds * 1e6));
	atomic_fetch_add(&m->count, 1);
}

struct text {
	struct arena *a;
	char *buf;
	size_t len, cap;
};

static void __attribute__((format(printf, 2, 3)))
emit(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < t->cap - t->len)
			break;
		char *bigger = arena_alloc(t->a, t->cap * 2);
		memcpy(bigger, t->buf, t->len);
		t->buf = bigger;
		t->cap *= 2;
	}
	t->len += (size_t)n;
}

static void
render_route(struct text *t, const char *method, const char *route, struct route_metrics *m)
{
	unsigned long long cumulative = 0;

	for (int i = 0; i <= NSTATUS; i++) {
		unsigned long long v = atomic_load(&m->by_status[i]);
		if (v == 0)
			continue;
		if (i < NSTATUS)
			emit(t, "ura_http_requests_total{method=\"%s\",route=\"%s\",status=\"%d\"} %llu\n",
			     method, route, tracked_status[i], v);
		else
			emit(t, "ura_http_requests_total{method=\"%s\",route=\"%s\",status=\"other\"} %llu\n",
			     method, route, v);
	}
	if (atomic_load(&m->count) == 0)
		return;
	for (int i = 0; i <= NBUCKETS; i++) {
		cumulative += atomic_load(&m->buckets[i]);
		if (i < NBUCKETS)
			emit(t, "ura_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\",le=\"%g\"} %llu\n",
			     method, route, bucket_le[i], cumulative);
		else
			emit(t, "ura_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\",le=\"+Inf\"} %llu\n",
			     method, route, cumulative);
	}
	emit(t, "ura_http_request_duration_seconds_sum{method=\"%s\",route=\"%s\"} %.6f\n", method,
	     route, (double)atomic_load(&m->micros_sum) / 1e6);
	emit(t, "ura_http_request_duration_seconds_count{method=\"%s\",route=\"%s\"} %llu\n",
	     method, route, atomic_load(&m->count));
}

char *
metrics_render(struct arena *a, const struct route *routes, int nroutes, size_t *len)
{
	struct text t = { a, arena_alloc(a, 16384), 0, 16384 };

	emit(&t, "# HELP ura_http_requests_total HTTP requests by route and status.\n"
		 "# TYPE ura_http_requests_total counter\n"
		 "# HELP ura_http_request_duration_seconds Time from request to response.\n"
		 "# TYPE ura_http_request_duration_seconds histogram\n");
	for (int i = 0; i < nroutes && i < table_len - 1; i++)
		render_route(&t, http_method_name(routes[i].method), routes[i].pattern, &table[i]);
	if (table_len > 0)
		render_route(&t, "ANY", "unmatched", &table[table_len - 1]);
	*len = t.len;
	return t.buf;
}
