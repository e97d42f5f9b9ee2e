// SPDX-License-Identifier: GPL-2.0-only
/*
 * vu_ut_main.c - runner for the vhost tier's unit tests, on the ut.h API of
 * reference/tests: TAP on stdout and the closing line
 * "N passed, N failed, N skipped".  Arguments select tests by substring.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "ut.h"

static struct ut_case *head, **tail = &head;
static jmp_buf env;
static char msg[512];
static uint64_t rng;

void ut_register(struct ut_case *c)
{
	*tail = c;
	tail = &c->next;
}

void ut_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(msg, sizeof(msg), "%s:%d: ", file, line);

	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	longjmp(env, 1);
}

void ut_skip(const char *reason)
{
	snprintf(msg, sizeof(msg), "%s", reason);
	longjmp(env, 2);
}

void ut_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

uint64_t ut_scaled(uint64_t n)
{
	const char *s = getenv("UT_SCALE");
	double f = s ? atof(s) : 1.0;
	uint64_t r = (uint64_t)((double)n * (f > 0 ? f : 1.0));

	return r ? r : 1;
}

uint64_t ut_rand(void)
{
	/* xorshift64* */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

static bool selected(const struct ut_case *c, int argc, char **argv)
{
	if (argc < 2)
		return true;
	for (int i = 1; i < argc; i++)
		if (strstr(c->name, argv[i]))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	static volatile unsigned pass, fail, skip, n, total;
	struct ut_case *volatile c;

	for (c = head; c; c = c->next)
		total += selected(c, argc, argv);
	printf("TAP version 13\n1..%u\n", total);
	for (c = head; c; c = c->next) {
		int r;

		if (!selected(c, argc, argv))
			continue;
		n++;
		rng = 0x9E3779B97F4A7C15ULL ^ (uint64_t)strlen(c->name) * 0x100000001B3ULL;
		fflush(stdout);
		r = setjmp(env);
		if (r == 0) {
			c->fn();
			printf("ok %u vhost: %s\n", n, c->name);
			pass++;
		} else if (r == 1) {
			printf("not ok %u vhost: %s\n# %s\n", n, c->name, msg);
			fail++;
		} else {
			printf("ok %u vhost: %s # SKIP %s\n", n, c->name, msg);
			skip++;
		}
		fflush(stdout);
	}
	printf("%u passed, %u failed, %u skipped\n", pass, fail, skip);
	return fail ? 1 : 0;
}
