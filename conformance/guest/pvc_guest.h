/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pvc_guest.h - PVC_TEST for the freestanding guest tier (docs/conventions.md
 * section 2).  A declaration
 *
 *     PVC_TEST(blk_read, "VQP-DEV-001 VQS-DEV-001", "needs:blk") { ... }
 *
 * defines the test body and puts a descriptor into the pvc_tests section;
 * the guest runs them sorted by file and line and prints KTAP (section 3)
 * on COM1.  A body reports through its struct pvc_t: pvc_fail() (keeps
 * going, the test fails), pvc_skip() / pvc_error() (the test did not
 * apply / could not run), pvc_diag() and pvc_finding() for evidence.
 */
#ifndef GUEST_PVC_GUEST_H
#define GUEST_PVC_GUEST_H

#include <stdint.h>
#include <stdbool.h>

enum pvc_status { PVC_PASS, PVC_FAIL, PVC_SKIP, PVC_ERROR };

struct pvc_t {
	enum pvc_status status;
	char reason[160];
	unsigned checks;
};

struct pvc_test {
	const char *name, *ids, *tags, *file;
	int line;
	void (*fn)(struct pvc_t *t);
};

#define PVC_TEST(name, ids, tags)						\
	static void pvc_body_##name(struct pvc_t *t);				\
	static const struct pvc_test pvc_desc_##name				\
	__attribute__((used, section("pvc_tests"), aligned(8))) =		\
		{ #name, ids, tags, __FILE__, __LINE__, pvc_body_##name };	\
	static void pvc_body_##name(struct pvc_t *t)

void pvc_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pvc_fail(struct pvc_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pvc_skip(struct pvc_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pvc_error(struct pvc_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "# FINDING <id> peer="<peer>" text": a fact about the device under test. */
void pvc_finding(const char *id, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Count a check; on failure record it (with the location) and return false. */
#define PVC_CHECK(t, cond, ...) \
	pvc_check((t), (cond) ? true : false, __FILE__, __LINE__, #cond, __VA_ARGS__)
bool pvc_check(struct pvc_t *t, bool ok, const char *file, int line, const char *expr,
	       const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/*
 * A test tagged "needs:own-boot" can leave the device model unable to go
 * on (a hang, a crash): it runs only in a boot of its own (own_boot, from
 * the command line own_boot=1), where nothing else runs; elsewhere it is a
 * SKIP that says so.
 */
#define PVC_TAG_OWN_BOOT "needs:own-boot"

struct pvc_run_opts {
	const char *target, *peer;
	const char *filter;      /* prefix of a test name or of a cited ID; "" = all */
	const char *only;        /* exact test name; "" = no restriction */
	bool own_boot;           /* run only the needs:own-boot tests */
	bool list;               /* print "# list IDS name" per selected test, run none */
};

/* Run the selected tests, print KTAP; returns the number of failed +
 * errored tests. */
unsigned pvc_run_all(const struct pvc_run_opts *o);

const char *pvc_peer(void);

#endif /* GUEST_PVC_GUEST_H */
