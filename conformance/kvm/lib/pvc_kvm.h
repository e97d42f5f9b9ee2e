/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pvc_kvm.h - test declaration and results for the KVM tier
 * (docs/conventions.md §2, §3).
 *
 *   PVC_TEST(kvm_cpuid_signature, "KPV-HST-001", "")
 *   {
 *           struct kvm_vm *vm = kt_vm_create(t);
 *           KT_CHECK(t, cond, "KPV-HST-001", "what was wrong: %u", x);
 *   }
 *
 * Each test runs in its own child process under an alarm (kt_timeout_s),
 * so a hung KVM_RUN or a crash ends as ERROR and the VM's resources go
 * with the process.  A test is PASS unless a check failed (FAIL), it
 * called kt_skip() (SKIP: a capability or feature is missing) or
 * kt_error() (ERROR: the harness could not run it).
 */
#ifndef PVC_KVM_H
#define PVC_KVM_H

#include <stdbool.h>
#include <stdint.h>

#include "kvm_vm.h"

struct kt_ctx;

struct pvc_kvm_test {
	const char *name;
	const char *ids;
	const char *tags;
	const char *file;
	int line;
	void (*fn)(struct kt_ctx *t);
};

#define PVC_TEST(name, ids, tags)						\
	static void pvc_fn_##name(struct kt_ctx *t);				\
	static const struct pvc_kvm_test pvc_t_##name				\
	__attribute__((used, section("pvc_kvm_tests"), aligned(8))) =		\
		{ #name, ids, tags, __FILE__, __LINE__, pvc_fn_##name };	\
	static void pvc_fn_##name(struct kt_ctx *t)

/* Seconds a test may take before it is killed (ERROR). */
extern unsigned kt_timeout_s;

void kt_fail(struct kt_ctx *t, const char *id, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void kt_diag(struct kt_ctx *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "# FINDING <id> peer=... <text>": a SHOULD not met (result unchanged). */
void kt_finding(struct kt_ctx *t, const char *id, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The peer named in FINDING lines ("Linux <release> KVM"). */
extern char kt_peer[128];
_Noreturn void kt_skip(struct kt_ctx *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
_Noreturn void kt_error(struct kt_ctx *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define KT_CHECK(t, cond, id, ...)						\
	do {									\
		if (!(cond))							\
			kt_fail((t), (id), __VA_ARGS__);			\
	} while (0)

/* Infrastructure wrappers: a failure is ERROR (with kvm_vm_error()). */
struct kvm_vm *kt_vm_create(struct kt_ctx *t);
struct kvm_vcpu *kt_vcpu_add(struct kt_ctx *t, struct kvm_vm *vm, uint32_t id,
			     void (*fn)(uint64_t), uint64_t arg);
/* SKIP unless /dev/kvm reports cap (name for the message). */
void kt_require_cap(struct kt_ctx *t, struct kvm_vm *vm, long cap, const char *name);
/* SKIP unless the host offers feature bit `bit` in CPUID 0x40000001 EAX. */
void kt_require_pv_feature(struct kt_ctx *t, struct kvm_vm *vm, unsigned bit, const char *name);
/*
 * Run the vCPU to its next ucall.  If that is not `cmd`, the test fails
 * against requirement `id` (guest assertion, unexpected exception) or
 * errors (other exits) and kt_run() returns false.
 */
bool kt_run(struct kt_ctx *t, struct kvm_vcpu *vcpu, uint64_t cmd, const char *id,
	    struct kvm_ucall *uc);
/* A vCPU statistic that must exist (ERROR otherwise). */
uint64_t kt_stat(struct kt_ctx *t, struct kvm_vcpu *vcpu, const char *name);
/* Current EAX of CPUID 0x40000001 in the VM's CPUID template. */
uint32_t kt_pv_features(struct kvm_vm *vm);
/* Monotonic time in ns. */
uint64_t kt_now_ns(void);

#endif /* PVC_KVM_H */
