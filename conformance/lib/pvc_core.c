// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvc_core.c - test registry, results and KTAP diagnostic lines
 * (docs/conventions.md §3: "# " diagnostics before the result line,
 * "# FINDING <ID> peer=..." for facts about the peer).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "pvc.h"
#include "ops.h"

bool pvc_strict;

static struct pvc_test *pvc_head;

/* Keep registration order stable: file order, then line order. */
void pvc_register(struct pvc_test *t)
{
	struct pvc_test **pp = &pvc_head;

	while (*pp && (strcmp((*pp)->file, t->file) < 0 ||
		       (strcmp((*pp)->file, t->file) == 0 && (*pp)->line < t->line)))
		pp = &(*pp)->next;
	t->next = *pp;
	*pp = t;
}

const struct pvc_test *pvc_tests(void)
{
	return pvc_head;
}

bool pvc_has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while (p && *p) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, word, n) && (p[n] == ' ' || p[n] == 0))
			return true;
		p = strchr(p, ' ');
	}
	return false;
}

/* One diagnostic line; embedded newlines become separate "# " lines. */
static void pvc_emit(const char *prefix, const char *text)
{
	const char *p = text;

	do {
		const char *nl = strchr(p, '\n');
		int len = nl ? (int)(nl - p) : (int)strlen(p);

		printf("# %s%.*s\n", prefix, len, p);
		p = nl ? nl + 1 : NULL;
	} while (p && *p);
}

#define PVC_MAX_FAIL_LINES 12

void pvc_fail(struct pvc_ctx *ctx, const char *id, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	ctx->status = PVC_FAIL;
	if (++ctx->nfail > PVC_MAX_FAIL_LINES) {
		if (ctx->nfail == PVC_MAX_FAIL_LINES + 1)
			pvc_emit("", "(further failures of this test not shown)");
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf("# FAIL %s: ", id);
	/* first line after the prefix, further lines as diagnostics */
	{
		const char *nl = strchr(buf, '\n');

		printf("%.*s\n", nl ? (int)(nl - buf) : (int)strlen(buf), buf);
		if (nl && nl[1])
			pvc_emit("", nl + 1);
	}
}

void pvc_diag(struct pvc_ctx *ctx, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	(void)ctx;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pvc_emit("", buf);
}

void pvc_diag_line(void *ctx, const char *line)
{
	(void)ctx;
	pvc_emit("", line);
}

void pvc_finding(struct pvc_ctx *ctx, const char *id, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* one line: the report parses it whole */
	for (char *p = buf; *p; p++)
		if (*p == '\n')
			*p = ' ';
	printf("# FINDING %s peer=\"%s\" %s\n", id,
	       ctx->target && ctx->target->peer ? ctx->target->peer : "unknown", buf);
	if (pvc_strict)
		pvc_fail(ctx, id, "(strict) %s", buf);
}

__attribute__((format(printf, 3, 0)))
_Noreturn static void pvc_end(struct pvc_ctx *ctx, enum pvc_status st, const char *fmt, va_list ap)
{
	vsnprintf(ctx->reason, sizeof(ctx->reason), fmt, ap);
	for (char *p = ctx->reason; *p; p++)
		if (*p == '\n' || *p == '#')
			*p = ' ';
	ctx->status = st;
	longjmp(ctx->end, 1);
}

void pvc_skip(struct pvc_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pvc_end(ctx, PVC_SKIP, fmt, ap);
	va_end(ap);
}

void pvc_error(struct pvc_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pvc_end(ctx, PVC_ERROR, fmt, ap);
	va_end(ap);
}

void pvc_set_dump(struct pvc_ctx *ctx, void (*dump)(void *, pvc_line_fn, void *), void *arg)
{
	ctx->dump = dump;
	ctx->dump_arg = arg;
}

void pvc_set_cleanup(struct pvc_ctx *ctx, void (*fn)(void *), void *arg)
{
	ctx->cleanup = fn;
	ctx->cleanup_arg = arg;
}
