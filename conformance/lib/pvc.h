/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pvc.h - the in-process conformance harness: test registration, results
 * and diagnostics (docs/conventions.md §2, §3).
 *
 *   PVC_TEST(packed_first_flags_last, "VQP-DRV-012", "needs:packed")
 *   {
 *           PVC_CHECK(ctx, cond, "VQP-DRV-012", "what went wrong %u", x);
 *           pvc_skip(ctx, "INDIRECT_DESC not offered");
 *   }
 *
 * A test ends PASS unless a check failed (FAIL), it called pvc_skip()
 * (SKIP) or pvc_error() (ERROR: the test could not run).  Diagnostic lines
 * appear before the result line; the ring-state dump registered with
 * pvc_set_dump() is printed before a failing result.
 */
#ifndef PVC_H
#define PVC_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

struct pvc_ctx;
struct pvc_target;

struct pvc_test {
	const char *name;
	const char *ids;      /* space-separated requirement IDs */
	const char *tags;     /* space-separated tags */
	const char *file;
	int line;
	void (*fn)(struct pvc_ctx *ctx);
	struct pvc_test *next;
};

/* A line sink: the checkers and the dump helpers print through one. */
typedef void (*pvc_line_fn)(void *arg, const char *line);

enum pvc_status { PVC_PASS, PVC_FAIL, PVC_SKIP, PVC_ERROR };

struct pvc_ctx {
	const struct pvc_test *test;
	const struct pvc_target *target;
	enum pvc_status status;
	unsigned nfail;            /* failed checks */
	char reason[200];          /* SKIP / ERROR reason */
	jmp_buf end;               /* pvc_skip()/pvc_error() jump here */
	/* ring-state dump printed before a failing result */
	void (*dump)(void *arg, pvc_line_fn out, void *out_arg);
	void *dump_arg;
	/* per-test cleanup run after the result is known (frees target state) */
	void (*cleanup)(void *arg);
	void *cleanup_arg;
};

/* --strict: a FINDING (missed SHOULD) also fails the test; for judging
 * an implementation that claims every SHOULD, like the reference. */
extern bool pvc_strict;

void pvc_register(struct pvc_test *t);
const struct pvc_test *pvc_tests(void);

#define PVC_TEST(name, ids, tags)						\
	static void pvc_fn_##name(struct pvc_ctx *ctx);				\
	static struct pvc_test pvc_t_##name = { #name, ids, tags, __FILE__,	\
						__LINE__, pvc_fn_##name, 0 };	\
	__attribute__((constructor)) static void pvc_reg_##name(void)		\
	{ pvc_register(&pvc_t_##name); }					\
	static void pvc_fn_##name(struct pvc_ctx *ctx)

/* A failed MUST: the test will be FAIL.  id names the requirement. */
void pvc_fail(struct pvc_ctx *ctx, const char *id, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A KTAP diagnostic line ("# ..."). */
void pvc_diag(struct pvc_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "# FINDING <id> peer=... <text>": a fact about the peer (SHOULD not met). */
void pvc_finding(struct pvc_ctx *ctx, const char *id, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
_Noreturn void pvc_skip(struct pvc_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
_Noreturn void pvc_error(struct pvc_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Line sink that prints "# <line>" for the running test (for dumps). */
void pvc_diag_line(void *ctx, const char *line);

void pvc_set_dump(struct pvc_ctx *ctx, void (*dump)(void *, pvc_line_fn, void *), void *arg);
void pvc_set_cleanup(struct pvc_ctx *ctx, void (*fn)(void *), void *arg);

#define PVC_CHECK(ctx, cond, id, ...)						\
	do {									\
		if (!(cond))							\
			pvc_fail((ctx), (id), __VA_ARGS__);			\
	} while (0)

/* Does a space-separated list contain word? */
bool pvc_has_word(const char *list, const char *word);

#endif /* PVC_H */
