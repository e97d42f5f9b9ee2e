/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * ut.h - a small unit-test framework for pvspec's own tests.
 *
 *   UT_TEST(name) { ... UT_ASSERT(x); UT_EQ(a, b); UT_SKIP("why"); }
 *
 * Tests register themselves at start-up; the runner (ut_main.c) prints TAP
 * and the closing line "N passed, N failed, N skipped".  A failed assertion
 * ends the test at once (longjmp back to the runner).
 * UT_SCALE (environment, default 1.0) scales iteration counts of long tests
 * through ut_scaled(); sanitizer builds run with a smaller scale.
 */
#ifndef PVSPEC_UT_H
#define PVSPEC_UT_H

#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>

struct ut_case {
	const char *name;
	const char *file;
	void (*fn)(void);
	struct ut_case *next;
};

void ut_register(struct ut_case *c);
_Noreturn void ut_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
_Noreturn void ut_skip(const char *reason);
void ut_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
uint64_t ut_scaled(uint64_t n);      /* n * UT_SCALE, at least 1 */
uint64_t ut_rand(void);              /* deterministic per test (seeded by name) */

#define UT_TEST(name)							\
	static void name(void);						\
	static struct ut_case ut_case_##name = { #name, __FILE__, name, 0 }; \
	__attribute__((constructor)) static void ut_reg_##name(void)	\
	{ ut_register(&ut_case_##name); }				\
	static void name(void)

#define UT_ASSERT(c) do { if (!(c)) ut_fail(__FILE__, __LINE__, "%s", #c); } while (0)
#define UT_ASSERT_MSG(c, ...) do { if (!(c)) ut_fail(__FILE__, __LINE__, __VA_ARGS__); } while (0)
#define UT_EQ(a, b) do {							\
	long long ut_a_ = (long long)(a), ut_b_ = (long long)(b);		\
	if (ut_a_ != ut_b_)							\
		ut_fail(__FILE__, __LINE__, "%s == %s (%lld != %lld)",		\
			#a, #b, ut_a_, ut_b_);					\
} while (0)
#define UT_SKIP(reason) ut_skip(reason)

#endif /* PVSPEC_UT_H */
