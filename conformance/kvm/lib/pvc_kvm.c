// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvc_kvm.c - the KVM tier's harness: runs each PVC_TEST in a child
 * process under an alarm, prints KTAP (docs/conventions.md §3), and the
 * infrastructure wrappers of pvc_kvm.h.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kvm_guest.h"
#include "kvm_pv_abi.h"
#include "pvc_kvm.h"

enum kt_status { KT_PASS, KT_FAIL, KT_SKIP, KT_ERROR };

struct kt_ctx {
	const struct pvc_kvm_test *test;
	int result_fd;
	unsigned nfail;
};

struct kt_result {
	int status;
	char reason[240];
};

unsigned kt_timeout_s = 30;

extern const struct pvc_kvm_test __start_pvc_kvm_tests[];
extern const struct pvc_kvm_test __stop_pvc_kvm_tests[];

__attribute__((format(printf, 2, 0)))
static void emit_line(const char *prefix, const char *fmt, va_list ap)
{
	char buf[1024];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	/* one KTAP diagnostic line per message: no embedded newlines */
	for (char *p = buf; *p; p++)
		if (*p == '\n')
			*p = ' ';
	printf("%s%s\n", prefix, buf);
	fflush(stdout);
}

void kt_diag(struct kt_ctx *t, const char *fmt, ...)
{
	va_list ap;

	(void)t;
	va_start(ap, fmt);
	emit_line("# ", fmt, ap);
	va_end(ap);
}

void kt_fail(struct kt_ctx *t, const char *id, const char *fmt, ...)
{
	char prefix[64];
	va_list ap;

	t->nfail++;
	snprintf(prefix, sizeof(prefix), "# FAIL %s: ", id);
	va_start(ap, fmt);
	emit_line(prefix, fmt, ap);
	va_end(ap);
}

char kt_peer[128] = "Linux KVM";

void kt_finding(struct kt_ctx *t, const char *id, const char *fmt, ...)
{
	char prefix[200];
	va_list ap;

	(void)t;
	snprintf(prefix, sizeof(prefix), "# FINDING %s peer=\"%s\" ", id, kt_peer);
	va_start(ap, fmt);
	emit_line(prefix, fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 3, 0)))
static _Noreturn void finish(struct kt_ctx *t, int status, const char *fmt, va_list ap)
{
	struct kt_result r = { .status = status };

	if (fmt)
		vsnprintf(r.reason, sizeof(r.reason), fmt, ap);
	for (char *p = r.reason; *p; p++)
		if (*p == '\n' || *p == '#')
			*p = ' ';
	if (write(t->result_fd, &r, sizeof(r)) != (ssize_t)sizeof(r))
		_exit(3);
	fflush(stdout);
	_exit(0);
}

void kt_skip(struct kt_ctx *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	finish(t, KT_SKIP, fmt, ap);
}

void kt_error(struct kt_ctx *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	finish(t, KT_ERROR, fmt, ap);
}

struct kvm_vm *kt_vm_create(struct kt_ctx *t)
{
	struct kvm_vm *vm = kvm_vm_create();

	if (!vm)
		kt_error(t, "%s", kvm_vm_error());
	if (KVM_GUEST_SET(vm, kvm_guest_use_vmmcall, vm->amd ? 1 : 0))
		kt_error(t, "%s", kvm_vm_error());
	return vm;
}

struct kvm_vcpu *kt_vcpu_add(struct kt_ctx *t, struct kvm_vm *vm, uint32_t id,
			     void (*fn)(uint64_t), uint64_t arg)
{
	struct kvm_vcpu *v = kvm_vcpu_add(vm, id, fn, arg);

	if (!v)
		kt_error(t, "vCPU %u: %s", id, kvm_vm_error());
	return v;
}

void kt_require_cap(struct kt_ctx *t, struct kvm_vm *vm, long cap, const char *name)
{
	int r = kvm_check_cap(vm, cap);

	if (r <= 0)
		kt_skip(t, "%s not available (KVM_CHECK_EXTENSION %s)", name,
			r < 0 ? "failed" : "returned 0");
}

uint32_t kt_pv_features(struct kvm_vm *vm)
{
	struct kvm_cpuid_entry2 *e = kvm_cpuid_find(vm->cpuid, KVMPV_CPUID_FEATURES, 0);

	return e ? e->eax : 0;
}

void kt_require_pv_feature(struct kt_ctx *t, struct kvm_vm *vm, unsigned bit, const char *name)
{
	if (!(kt_pv_features(vm) & KVMPV_BIT(bit)))
		kt_skip(t, "host does not offer %s (CPUID 0x40000001 EAX bit %u)", name, bit);
}

bool kt_run(struct kt_ctx *t, struct kvm_vcpu *vcpu, uint64_t cmd, const char *id,
	    struct kvm_ucall *uc)
{
	char buf[200];

	if (kvm_vcpu_run(vcpu, uc))
		kt_error(t, "%s", kvm_vm_error());
	if (uc->cmd == cmd)
		return true;
	if (uc->cmd == KVM_UCALL_EXIT)
		kt_error(t, "vCPU %u: %s", vcpu->id, kvm_ucall_describe(uc, buf, sizeof(buf)));
	kt_fail(t, id, "vCPU %u: %s", vcpu->id, kvm_ucall_describe(uc, buf, sizeof(buf)));
	return false;
}

uint64_t kt_stat(struct kt_ctx *t, struct kvm_vcpu *vcpu, const char *name)
{
	uint64_t v;

	if (kvm_vcpu_stat(vcpu, name, &v))
		kt_error(t, "vCPU statistic \"%s\" not readable (KVM_GET_STATS_FD): %s", name,
			 strerror(errno));
	return v;
}

uint64_t kt_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- running tests ----------------------------------------------------- */

static void ktap_ids(const char *ids, char *out, size_t len)
{
	size_t n = 0;

	for (const char *p = ids; *p && n + 1 < len; p++) {
		if (*p == ' ') {
			if (n && out[n - 1] != ',')
				out[n++] = ',';
			continue;
		}
		out[n++] = *p;
	}
	while (n && out[n - 1] == ',')
		n--;
	out[n] = 0;
}

static void run_one(const struct pvc_kvm_test *test, unsigned n)
{
	struct kt_result r = { .status = KT_ERROR };
	char ids[200];
	int pfd[2], st = 0;
	pid_t pid;
	ssize_t got;

	ktap_ids(test->ids, ids, sizeof(ids));
	if (pipe(pfd)) {
		printf("not ok %u %s %s # ERROR pipe: %s\n", n, ids, test->name, strerror(errno));
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		printf("not ok %u %s %s # ERROR fork: %s\n", n, ids, test->name, strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		return;
	}
	if (pid == 0) {
		struct kt_ctx t = { .test = test, .result_fd = pfd[1] };
		struct kt_result pass = { .status = KT_PASS };

		close(pfd[0]);
		alarm(kt_timeout_s);
		test->fn(&t);
		if (t.nfail) {
			pass.status = KT_FAIL;
			snprintf(pass.reason, sizeof(pass.reason), "%u check(s) failed", t.nfail);
		}
		if (write(pfd[1], &pass, sizeof(pass)) != (ssize_t)sizeof(pass))
			_exit(3);
		fflush(stdout);
		_exit(0);
	}
	close(pfd[1]);
	got = read(pfd[0], &r, sizeof(r));
	close(pfd[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (got != (ssize_t)sizeof(r)) {
		r.status = KT_ERROR;
		if (WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM)
			snprintf(r.reason, sizeof(r.reason), "timed out after %u s", kt_timeout_s);
		else if (WIFSIGNALED(st))
			snprintf(r.reason, sizeof(r.reason), "test process died of signal %d",
				 WTERMSIG(st));
		else
			snprintf(r.reason, sizeof(r.reason), "test process exited %d without a result",
				 WEXITSTATUS(st));
	}
	switch (r.status) {
	case KT_PASS:
		printf("ok %u %s %s\n", n, ids, test->name);
		break;
	case KT_FAIL:
		printf("not ok %u %s %s\n", n, ids, test->name);
		break;
	case KT_SKIP:
		printf("ok %u %s %s # SKIP %s\n", n, ids, test->name, r.reason);
		break;
	default:
		printf("not ok %u %s %s # ERROR %s\n", n, ids, test->name, r.reason);
		break;
	}
	fflush(stdout);
}

static bool selected(const struct pvc_kvm_test *test, const char *filter)
{
	return !filter || !*filter || strstr(test->name, filter) || strstr(test->ids, filter);
}

unsigned pvc_kvm_count(const char *filter);
unsigned pvc_kvm_count(const char *filter)
{
	unsigned n = 0;

	for (const struct pvc_kvm_test *p = __start_pvc_kvm_tests; p < __stop_pvc_kvm_tests; p++)
		n += selected(p, filter);
	return n;
}


static int by_place(const void *a, const void *b)
{
	const struct pvc_kvm_test *x = *(const struct pvc_kvm_test *const *)a;
	const struct pvc_kvm_test *y = *(const struct pvc_kvm_test *const *)b;
	int c = strcmp(x->file, y->file);

	return c ? c : x->line - y->line;
}

/* The selected tests in run order: by file, then by line. */
static unsigned ordered(const char *filter, const struct pvc_kvm_test **list, unsigned max)
{
	unsigned n = 0;

	for (const struct pvc_kvm_test *p = __start_pvc_kvm_tests; p < __stop_pvc_kvm_tests; p++)
		if (selected(p, filter) && n < max)
			list[n++] = p;
	qsort(list, n, sizeof(list[0]), by_place);
	return n;
}

void pvc_kvm_list(const char *filter);
void pvc_kvm_list(const char *filter)
{
	const struct pvc_kvm_test *list[256];
	unsigned n = ordered(filter, list, 256);

	for (unsigned i = 0; i < n; i++)
		printf("%s\t%s\t%s\n", list[i]->name, list[i]->ids, list[i]->tags);
}

void pvc_kvm_run_all(const char *filter, unsigned from);
void pvc_kvm_run_all(const char *filter, unsigned from)
{
	const struct pvc_kvm_test *list[256];
	unsigned n = ordered(filter, list, 256);

	for (unsigned i = from ? from - 1 : 0; i < n; i++)
		run_one(list[i], i + 1);
}
