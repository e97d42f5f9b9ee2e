/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vu_tests.h - the vhost-user tier's tests (docs/conventions.md §2).  Each
 * test judges what one back-end session recorded: the violations the
 * driver checker and the reference device reported with requirement IDs,
 * and the device's counters.  They run when the session ends and print
 * KTAP (§3).  Tests tagged needs:packed / needs:split are planned for the
 * layout the front-end negotiated, needs:virtio-net / needs:virtio-blk for
 * the device the back-end plays.
 */
#ifndef VU_TESTS_H
#define VU_TESTS_H

#include <stdio.h>
#include "vu_backend.h"
#include "vu_net.h"
#include "vu_blk.h"

enum vu_status { VU_PASS, VU_FAIL, VU_SKIP, VU_ERROR };

struct vu_test;

struct vu_tctx {
	const struct vu_test *test;
	struct vu_backend *b;
	struct vu_net *net;          /* the device model: one of net, blk */
	struct vu_blk *blk;
	FILE *out;
	const char *peer;
	unsigned layout;           /* the layout judged */
	bool expect_rx;            /* the scenario makes the device receive */
	enum vu_status status;
	char reason[200];
};

struct vu_test {
	const char *name;
	const char *ids;
	const char *tags;
	void (*fn)(struct vu_tctx *t);
	struct vu_test *next;
};

void vu_test_register(struct vu_test *t);

#define PVC_TEST(name, ids, tags)						\
	static void vu_fn_##name(struct vu_tctx *t);				\
	static struct vu_test vu_t_##name = { #name, ids, tags, vu_fn_##name, 0 }; \
	__attribute__((constructor)) static void vu_reg_##name(void)		\
	{ vu_test_register(&vu_t_##name); }					\
	static void vu_fn_##name(struct vu_tctx *t)

/* Print KTAP for every applicable test. */
void vu_tests_run(struct vu_backend *b, struct vu_net *net, struct vu_blk *blk, FILE *out,
		  const char *target, const char *peer, bool expect_rx);

#endif /* VU_TESTS_H */
