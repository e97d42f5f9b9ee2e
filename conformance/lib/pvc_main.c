// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvc_main.c - pvconform-inproc: runs the in-process conformance tests
 * against one target and writes KTAP to stdout (docs/conventions.md §3).
 *
 *   pvconform-inproc --target NAME [--filter PREFIX] [--tag TAG] [--strict]
 *   pvconform-inproc --list [--target NAME]      name, IDs, tags
 *   pvconform-inproc --targets                   registered targets
 *
 * Tests tagged needs:packed / needs:split belong to one layout and are
 * planned only for targets of that layout.  --strict fails a test that
 * records a FINDING (a missed SHOULD).  Exit 0 unless the run could not
 * happen (bad option, unknown target).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pvc.h"
#include "ops.h"

#define PVC_MAX_TARGETS 16

static const struct pvc_target *targets[PVC_MAX_TARGETS];
static unsigned ntargets;

void pvc_target_register(const struct pvc_target *t)
{
	if (ntargets < PVC_MAX_TARGETS)
		targets[ntargets++] = t;
}

const struct pvc_target *pvc_target_find(const char *name)
{
	for (unsigned i = 0; i < ntargets; i++)
		if (!strcmp(targets[i]->name, name))
			return targets[i];
	return NULL;
}

void pvc_target_list(void (*fn)(const struct pvc_target *t))
{
	for (unsigned i = 0; i < ntargets; i++)
		fn(targets[i]);
}

/* Does the test apply to the target's layout at all? */
static bool pvc_layout_ok(const struct pvc_test *t, const struct pvc_target *tg)
{
	if (!tg)
		return true;
	if (pvc_has_word(t->tags, "needs:packed"))
		return tg->layout == VIRTQ_LAYOUT_PACKED;
	if (pvc_has_word(t->tags, "needs:split"))
		return tg->layout == VIRTQ_LAYOUT_SPLIT;
	return true;
}

/* --filter: an ID prefix of any cited ID, or a substring of the name. */
static bool pvc_filter_ok(const struct pvc_test *t, const char *filter)
{
	const char *p = t->ids;
	size_t n;

	if (!filter)
		return true;
	if (strstr(t->name, filter))
		return true;
	n = strlen(filter);
	while (*p) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, filter, n))
			return true;
		p = strchr(p, ' ');
		if (!p)
			break;
	}
	return false;
}

static bool pvc_selected(const struct pvc_test *t, const struct pvc_target *tg,
			 const char *filter, const char *tag)
{
	return pvc_layout_ok(t, tg) && pvc_filter_ok(t, filter) &&
	       (!tag || pvc_has_word(t->tags, tag));
}

/* "VQP-DRV-012 VQP-DRV-013" -> "VQP-DRV-012,VQP-DRV-013" */
static void pvc_print_ids(const char *ids)
{
	bool first = true;
	const char *p = ids;

	while (*p) {
		size_t n;

		while (*p == ' ')
			p++;
		n = strcspn(p, " ");
		if (!n)
			break;
		printf("%s%.*s", first ? "" : ",", (int)n, p);
		first = false;
		p += n;
	}
}

static void pvc_print_target(const struct pvc_target *t)
{
	printf("%s layout=%s roles=%s%s\n", t->name,
	       t->layout == VIRTQ_LAYOUT_PACKED ? "packed" : "split",
	       t->drv ? "driver" : "", t->dev ? (t->drv ? ",device" : "device") : "");
}

static void pvc_run_one(struct pvc_ctx *ctx, const struct pvc_target *tg,
			const struct pvc_test *t, unsigned n)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->target = tg;
	ctx->test = t;
	ctx->status = PVC_PASS;
	fflush(stdout);
	if (!setjmp(ctx->end))
		t->fn(ctx);
	if (ctx->status == PVC_FAIL && ctx->dump)
		ctx->dump(ctx->dump_arg, pvc_diag_line, ctx);
	if (ctx->cleanup)
		ctx->cleanup(ctx->cleanup_arg);
	printf("%s %u ", ctx->status == PVC_FAIL || ctx->status == PVC_ERROR ? "not ok" : "ok", n);
	pvc_print_ids(t->ids);
	printf(" %s", t->name);
	if (ctx->status == PVC_SKIP)
		printf(" # SKIP %s", ctx->reason);
	else if (ctx->status == PVC_ERROR)
		printf(" # ERROR %s", ctx->reason);
	printf("\n");
	fflush(stdout);
}

static int usage(void)
{
	fprintf(stderr, "usage: pvconform-inproc --target NAME [--filter PREFIX] [--tag TAG] [--strict]\n"
			"       pvconform-inproc --list [--target NAME] | --targets\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *tname = NULL, *filter = NULL, *tag = NULL;
	const struct pvc_target *tg = NULL;
	bool list = false;
	unsigned n = 0, i;
	const struct pvc_test *t;
	struct pvc_ctx ctx;

	for (i = 1; i < (unsigned)argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--list")) {
			list = true;
		} else if (!strcmp(a, "--strict")) {
			pvc_strict = true;
		} else if (!strcmp(a, "--targets")) {
			pvc_target_list(pvc_print_target);
			return 0;
		} else if (i + 1 < (unsigned)argc && !strcmp(a, "--target")) {
			tname = argv[++i];
		} else if (i + 1 < (unsigned)argc && !strcmp(a, "--filter")) {
			filter = argv[++i];
		} else if (i + 1 < (unsigned)argc && !strcmp(a, "--tag")) {
			tag = argv[++i];
		} else {
			return usage();
		}
	}
	if (tname) {
		tg = pvc_target_find(tname);
		if (!tg) {
			fprintf(stderr, "pvconform-inproc: unknown target '%s'\n", tname);
			return 2;
		}
	}
	if (list) {
		for (t = pvc_tests(); t; t = t->next)
			if (pvc_selected(t, tg, filter, tag))
				printf("%s\t%s\t%s\n", t->name, t->ids, t->tags);
		return 0;
	}
	if (!tg)
		return usage();

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (t = pvc_tests(); t; t = t->next)
		n += pvc_selected(t, tg, filter, tag);
	printf("KTAP version 1\n");
	printf("# pvspec tier=inproc target=%s peer=\"%s\"\n", tg->name, tg->peer);
	printf("1..%u\n", n);
	i = 0;
	for (t = pvc_tests(); t; t = t->next) {
		if (!pvc_selected(t, tg, filter, tag))
			continue;
		pvc_run_one(&ctx, tg, t, ++i);
	}
	return 0;
}
