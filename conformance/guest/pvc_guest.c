// SPDX-License-Identifier: GPL-2.0-only
/* pvc_guest.c - the test registry and KTAP writer of the guest tier. */
#include "pvc_guest.h"
#include "lib/libc.h"

extern const struct pvc_test __start_pvc_tests[], __stop_pvc_tests[];

static const char *peer_name = "";

const char *pvc_peer(void)
{
	return peer_name;
}

static void vset(struct pvc_t *t, enum pvc_status st, const char *fmt, va_list ap)
{
	char msg[sizeof(t->reason)];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* The first failure or skip reason is kept; a failure beats a skip. */
	if (t->status == PVC_PASS || (st == PVC_FAIL && t->status == PVC_SKIP)) {
		t->status = st;
		memcpy(t->reason, msg, sizeof(msg));
	}
	if (st == PVC_FAIL)
		printf("# FAIL: %s\n", msg);
}

void pvc_fail(struct pvc_t *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(t, PVC_FAIL, fmt, ap);
	va_end(ap);
}

bool pvc_check(struct pvc_t *t, bool ok, const char *file, int line, const char *expr,
	       const char *fmt, ...)
{
	va_list ap;

	t->checks++;
	if (ok)
		return true;
	va_start(ap, fmt);
	vset(t, PVC_FAIL, fmt, ap);
	va_end(ap);
	printf("#   at %s:%d: %s\n", file, line, expr);
	return false;
}

void pvc_skip(struct pvc_t *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(t, PVC_SKIP, fmt, ap);
	va_end(ap);
}

void pvc_error(struct pvc_t *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(t, PVC_ERROR, fmt, ap);
	va_end(ap);
}

void pvc_diag(const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printf("# %s\n", msg);
}

void pvc_finding(const char *id, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printf("# FINDING %s peer=\"%s\" %s\n", id, peer_name, msg);
}

static int test_cmp(const struct pvc_test *a, const struct pvc_test *b)
{
	int c = strcmp(a->file, b->file);

	return c ? c : a->line - b->line;
}

/* filter: empty, or a prefix of the test name or of one of its IDs */
static bool selected(const struct pvc_test *x, const char *filter)
{
	size_t fl = filter ? strlen(filter) : 0;

	if (!fl || !strncmp(x->name, filter, fl))
		return true;
	for (const char *p = x->ids; *p; ) {
		while (*p == ' ')
			p++;
		if (*p && !strncmp(p, filter, fl))
			return true;
		while (*p && *p != ' ')
			p++;
	}
	return false;
}

/* Does the tags string hold the word w? */
static bool has_tag(const char *tags, const char *w)
{
	size_t wl = strlen(w);

	for (const char *p = tags; *p; ) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, w, wl) && (p[wl] == ' ' || p[wl] == '\0'))
			return true;
		while (*p && *p != ' ')
			p++;
	}
	return false;
}

/* "A-1 B-2" -> "A-1,B-2" (the KTAP description form) */
static const char *comma_ids(const char *ids, char *buf, size_t n)
{
	snprintf(buf, n, "%s", ids);
	for (size_t m = 0; buf[m]; m++)
		if (buf[m] == ' ')
			buf[m] = ',';
	return buf;
}

unsigned pvc_run_all(const struct pvc_run_opts *o)
{
	size_t n = (size_t)(__stop_pvc_tests - __start_pvc_tests), sel = 0, k = 0;
	const struct pvc_test **order = alloc_zeroed((n ? n : 1) * sizeof(*order), 8);
	unsigned bad = 0;
	char ids[160];

	peer_name = o->peer;
	/* Declaration order (file, line): stable numbering between runs. */
	for (size_t i = 0; i < n; i++) {
		const struct pvc_test *x = &__start_pvc_tests[i];
		size_t j = sel;

		if (!selected(x, o->filter) || (o->only[0] && strcmp(x->name, o->only)) ||
		    (o->own_boot && !has_tag(x->tags, PVC_TAG_OWN_BOOT)))
			continue;
		while (j > 0 && test_cmp(order[j - 1], x) > 0) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = x;
		sel++;
	}
	if (o->list) {
		for (k = 0; k < sel; k++)
			printf("# list %s %s\n", comma_ids(order[k]->ids, ids, sizeof(ids)), order[k]->name);
		return 0;
	}
	printf("KTAP version 1\n");
	printf("# pvspec tier=guest target=%s peer=\"%s\"\n", o->target, o->peer);
	printf("1..%u\n", (unsigned)sel);
	for (k = 0; k < sel; k++) {
		const struct pvc_test *x = order[k];
		struct pvc_t t = { PVC_PASS, "", 0 };

		comma_ids(x->ids, ids, sizeof(ids));
		printf("# run %u %s %s\n", (unsigned)k + 1, ids, x->name);
		if (!o->own_boot && has_tag(x->tags, PVC_TAG_OWN_BOOT))
			pvc_skip(&t, "runs only in a boot of its own (unittests.cfg *-own-boot): "
				 "it may stop the device model");
		else
			x->fn(&t);
		if (t.status == PVC_PASS && t.checks == 0)
			pvc_error(&t, "the test checked nothing");
		switch (t.status) {
		case PVC_PASS:
			printf("ok %u %s %s\n", (unsigned)k + 1, ids, x->name);
			break;
		case PVC_SKIP:
			printf("ok %u %s %s # SKIP %s\n", (unsigned)k + 1, ids, x->name, t.reason);
			break;
		case PVC_FAIL:
			printf("not ok %u %s %s\n", (unsigned)k + 1, ids, x->name);
			bad++;
			break;
		case PVC_ERROR:
			printf("not ok %u %s %s # ERROR %s\n", (unsigned)k + 1, ids, x->name, t.reason);
			bad++;
			break;
		}
	}
	return bad;
}
