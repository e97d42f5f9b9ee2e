// SPDX-License-Identifier: GPL-2.0-only
/*
 * steal_time.c - the steal-time record: version bracket, steal growing
 * while a competing thread takes the vCPU's CPU, PREEMPTED while scheduled
 * out and clear while running, FLUSH_TLB honoured on the next entry, and
 * flags/padding left alone.  Competing threads are pinned to the vCPU
 * thread's CPU with sched_setaffinity().
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "kvm_guest.h"
#include "kvm_pv_abi.h"
#include "pvc_kvm.h"

#define ST_GPA       0x200000ull    /* record of vCPU 0 (64-byte aligned) */
#define STOP_GPA     0x201000ull    /* host sets nonzero to end a guest loop */
#define PAD_PATTERN  0x5a

/* Enable the record at arg, then report after every re-entry. */
KVM_GUEST_CODE static void guest_steal_sync(uint64_t arg)
{
	volatile struct kvmpv_steal_time *st = (void *)(uintptr_t)arg;

	guest_wrmsr(KVMPV_MSR_STEAL_TIME, arg | KVMPV_MSR_ENABLED);
	for (uint64_t i = 0;; i++)
		GUEST_SYNC(i, st->preempted, 0);
}

/* Enable the record, then watch `preempted` until the host says stop. */
KVM_GUEST_CODE static void guest_steal_watch(uint64_t arg)
{
	volatile struct kvmpv_steal_time *st = (void *)(uintptr_t)arg;
	volatile uint64_t *stop = (void *)(uintptr_t)STOP_GPA;
	uint64_t seen = 0, loops = 0;

	guest_wrmsr(KVMPV_MSR_STEAL_TIME, arg | KVMPV_MSR_ENABLED);
	GUEST_SYNC(0, 0, 0);
	while (!*stop) {
		seen += (st->preempted & KVMPV_VCPU_PREEMPTED) != 0;
		loops++;
	}
	GUEST_SYNC(1, seen, loops);
}

/* Another vCPU asking for a TLB flush of the record's owner. */
KVM_GUEST_CODE static void guest_set_flush(uint64_t arg)
{
	volatile struct kvmpv_steal_time *st = (void *)(uintptr_t)arg;

	for (;;) {
		__atomic_fetch_or(&st->preempted, KVMPV_VCPU_FLUSH_TLB, __ATOMIC_SEQ_CST);
		GUEST_SYNC(0, 0, 0);
	}
}

static void pin(struct kt_ctx *t, int cpu)
{
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	if (sched_setaffinity(0, sizeof(s), &s))
		kt_skip(t, "cannot pin to CPU %d: %s", cpu, strerror(errno));
}

static void need_two_cpus(struct kt_ctx *t)
{
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		kt_skip(t, "needs 2 online CPUs");
}

static volatile struct kvmpv_steal_time *st_host(struct kt_ctx *t, struct kvm_vm *vm)
{
	uint8_t *p = kvm_vm_hva(vm, ST_GPA, 64);

	if (!p)
		kt_error(t, "record not in guest memory");
	/* steal, version and preempted start at 0; flags and padding get a
	 * pattern the host must leave alone */
	memset(p, PAD_PATTERN, 64);
	memset(p + KVMPV_STEAL_TIME_OFF_STEAL, 0, 8);
	memset(p + KVMPV_STEAL_TIME_OFF_VERSION, 0, 4);
	p[KVMPV_STEAL_TIME_OFF_PREEMPTED] = 0;
	return (volatile struct kvmpv_steal_time *)p;
}

static void check_padding(struct kt_ctx *t, struct kvm_vm *vm)
{
	const uint8_t *p = kvm_vm_hva(vm, ST_GPA, 64);

	for (unsigned i = KVMPV_STEAL_TIME_OFF_FLAGS; i < 64; i++) {
		if (i == KVMPV_STEAL_TIME_OFF_PREEMPTED)
			continue;
		if (p[i] != PAD_PATTERN) {
			kt_fail(t, "KPV-HST-031", "byte %u of the record changed to %#x", i, p[i]);
			return;
		}
	}
}

/* A busy thread pinned to one CPU, until stop is set. */
struct hog {
	pthread_t th;
	int cpu;
	atomic_int stop;
};

static void *hog_main(void *arg)
{
	struct hog *h = arg;
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET(h->cpu, &s);
	sched_setaffinity(0, sizeof(s), &s);
	while (!atomic_load_explicit(&h->stop, memory_order_relaxed))
		;
	return NULL;
}

static void hog_start(struct kt_ctx *t, struct hog *h, int cpu)
{
	h->cpu = cpu;
	atomic_init(&h->stop, 0);
	if (pthread_create(&h->th, NULL, hog_main, h))
		kt_error(t, "pthread_create");
}

static void hog_stop(struct hog *h)
{
	atomic_store(&h->stop, 1);
	pthread_join(h->th, NULL);
}

static void require_steal(struct kt_ctx *t, struct kvm_vm *vm)
{
	kt_require_pv_feature(t, vm, KVMPV_FEATURE_STEAL_TIME, "STEAL_TIME");
}

PVC_TEST(kvm_steal_time_version, "KPV-HST-030 KPV-HST-031", "")
{
	struct kvm_vm *vm = kt_vm_create(t);
	volatile struct kvmpv_steal_time *st;
	struct kvm_vcpu *v;
	struct kvm_ucall uc;
	uint32_t prev = 0;
	uint64_t steal = 0;
	unsigned odd = 0, stuck = 0;

	require_steal(t, vm);
	st = st_host(t, vm);
	v = kt_vcpu_add(t, vm, 0, guest_steal_sync, ST_GPA);
	for (unsigned i = 0; i < 100; i++) {
		uint32_t ver;

		if (!kt_run(t, v, KVM_UCALL_SYNC, "KPV-HST-030", &uc))
			return;
		ver = st->version;
		odd += ver & 1;
		if (i > 0 && ver <= prev)
			stuck++;
		KT_CHECK(t, st->steal >= steal, "KPV-HST-029", "steal went down: %llu -> %llu",
			 (unsigned long long)steal, (unsigned long long)st->steal);
		steal = st->steal;
		prev = ver;
	}
	kt_diag(t, "100 entries: final version %u, steal %llu ns", prev, (unsigned long long)steal);
	KT_CHECK(t, odd == 0, "KPV-HST-030", "%u of 100 reads outside KVM_RUN saw an odd version", odd);
	KT_CHECK(t, stuck == 0, "KPV-HST-030", "version did not increase on %u of 99 re-entries",
		 stuck);
	check_padding(t, vm);
}

/* Run the vCPU (re-entering after each SYNC) for `ns`; return steal added. */
static uint64_t steal_over(struct kt_ctx *t, struct kvm_vcpu *v,
			   volatile struct kvmpv_steal_time *st, uint64_t ns, unsigned *entries)
{
	struct kvm_ucall uc;
	uint64_t s0 = st->steal, end = kt_now_ns() + ns;

	*entries = 0;
	while (kt_now_ns() < end) {
		if (!kt_run(t, v, KVM_UCALL_SYNC, "KPV-HST-029", &uc))
			kt_error(t, "guest stopped reporting");
		++*entries;
	}
	return st->steal - s0;
}

PVC_TEST(kvm_steal_time_grows, "KPV-HST-029", "")
{
	struct kvm_vm *vm = kt_vm_create(t);
	volatile struct kvmpv_steal_time *st;
	struct kvm_vcpu *v;
	struct kvm_ucall uc;
	struct hog h;
	uint64_t alone, shared;
	unsigned n_alone, n_shared;
	const uint64_t phase = 1000000000ull;

	require_steal(t, vm);
	need_two_cpus(t);
	st = st_host(t, vm);
	v = kt_vcpu_add(t, vm, 0, guest_steal_sync, ST_GPA);
	pin(t, 0);
	if (!kt_run(t, v, KVM_UCALL_SYNC, "KPV-HST-029", &uc))
		return;
	alone = steal_over(t, v, st, phase, &n_alone);
	hog_start(t, &h, 0);
	shared = steal_over(t, v, st, phase, &n_shared);
	hog_stop(&h);
	kt_diag(t, "steal over 1 s: %llu ns alone (%u entries), %llu ns sharing the CPU with a "
		"busy thread (%u entries)", (unsigned long long)alone, n_alone,
		(unsigned long long)shared, n_shared);
	/* CFS gives the two threads about half the CPU each: expect far more
	 * than 5% of the interval as steal, and more than when alone */
	KT_CHECK(t, shared > phase / 20 && shared > alone, "KPV-HST-029",
		 "steal grew by only %llu ns in 1 s of sharing the CPU (alone: %llu ns)",
		 (unsigned long long)shared, (unsigned long long)alone);
}

struct vcpu_thread {
	struct kt_ctx *t;
	struct kvm_vcpu *v;
	int cpu;
	struct kvm_ucall uc;
	int rc;
};

static void *vcpu_thread_main(void *arg)
{
	struct vcpu_thread *vt = arg;
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET(vt->cpu, &s);
	sched_setaffinity(0, sizeof(s), &s);
	vt->rc = kvm_vcpu_run(vt->v, &vt->uc);
	return NULL;
}

PVC_TEST(kvm_steal_time_preempted, "KPV-HST-032 KPV-HST-033", "")
{
	struct kvm_vm *vm = kt_vm_create(t);
	volatile struct kvmpv_steal_time *st;
	volatile uint64_t *stop;
	struct vcpu_thread vt = { .t = t, .cpu = 0 };
	struct kvm_ucall uc;
	pthread_t th;
	struct hog h;
	uint64_t samples = 0, set = 0, end;

	require_steal(t, vm);
	need_two_cpus(t);
	st = st_host(t, vm);
	stop = kvm_vm_hva(vm, STOP_GPA, 8);
	*stop = 0;
	vt.v = kt_vcpu_add(t, vm, 0, guest_steal_watch, ST_GPA);
	pin(t, 1);
	if (!kt_run(t, vt.v, KVM_UCALL_SYNC, "KPV-HST-032", &uc))
		return;
	/* vCPU thread and a busy thread share CPU 0; this thread watches from CPU 1 */
	hog_start(t, &h, 0);
	if (pthread_create(&th, NULL, vcpu_thread_main, &vt))
		kt_error(t, "pthread_create");
	end = kt_now_ns() + 1500000000ull;
	while (kt_now_ns() < end) {
		set += (st->preempted & KVMPV_VCPU_PREEMPTED) != 0;
		samples++;
	}
	/* release the guest loop; pairs with the guest's read of *stop */
	__atomic_store_n(stop, 1, __ATOMIC_RELEASE);
	pthread_join(th, NULL);
	hog_stop(&h);
	if (vt.rc)
		kt_error(t, "%s", kvm_vm_error());
	if (vt.uc.cmd != KVM_UCALL_SYNC || vt.uc.args[0] != 1) {
		char d[200];

		kt_fail(t, "KPV-HST-032", "%s", kvm_ucall_describe(&vt.uc, d, sizeof(d)));
		return;
	}
	kt_diag(t, "host saw PREEMPTED in %llu of %llu samples; guest saw it in %llu of %llu reads",
		(unsigned long long)set, (unsigned long long)samples,
		(unsigned long long)vt.uc.args[1], (unsigned long long)vt.uc.args[2]);
	KT_CHECK(t, vt.uc.args[1] == 0, "KPV-HST-032",
		 "the running guest read PREEMPTED set %llu times", (unsigned long long)vt.uc.args[1]);
	if (set == 0)
		kt_finding(t, "KPV-HST-033", "PREEMPTED never seen in 1.5 s while the vCPU shared "
			   "its CPU with a busy thread");
	KT_CHECK(t, (st->preempted & KVMPV_VCPU_PREEMPTED) == 0, "KPV-HST-032",
		 "PREEMPTED left set after the vCPU returned to user space (%#x)", st->preempted);
}

PVC_TEST(kvm_steal_time_flush_tlb, "KPV-HST-034", "")
{
	struct kvm_vm *vm = kt_vm_create(t);
	volatile struct kvmpv_steal_time *st;
	struct kvm_vcpu *owner, *other;
	struct kvm_ucall uc;
	uint64_t flagged = 0, control = 0;
	unsigned rounds = 5, cleared = 0;

	require_steal(t, vm);
	kt_require_pv_feature(t, vm, KVMPV_FEATURE_PV_TLB_FLUSH, "PV_TLB_FLUSH");
	st = st_host(t, vm);
	owner = kt_vcpu_add(t, vm, 0, guest_steal_sync, ST_GPA);
	other = kt_vcpu_add(t, vm, 1, guest_set_flush, ST_GPA);
	if (kvm_vcpu_stat(owner, "tlb_flush", &flagged))
		kt_skip(t, "no \"tlb_flush\" vCPU statistic to observe the flush with");
	pin(t, 0);
	if (!kt_run(t, owner, KVM_UCALL_SYNC, "KPV-HST-034", &uc))
		return;
	flagged = 0;
	for (unsigned r = 0; r < 2 * rounds; r++) {
		bool flag = r & 1;
		uint64_t s0 = kt_stat(t, owner, "tlb_flush"), s1;

		/* while the owner is out of KVM_RUN, the other vCPU sets FLUSH_TLB */
		if (flag && !kt_run(t, other, KVM_UCALL_SYNC, "KPV-HST-034", &uc))
			return;
		if (flag && !(st->preempted & KVMPV_VCPU_FLUSH_TLB))
			kt_error(t, "FLUSH_TLB not set after the other vCPU's atomic OR");
		if (!kt_run(t, owner, KVM_UCALL_SYNC, "KPV-HST-034", &uc))
			return;
		s1 = kt_stat(t, owner, "tlb_flush");
		cleared += flag && uc.args[1] == 0;
		if (flag)
			flagged += s1 - s0;
		else
			control += s1 - s0;
	}
	kt_diag(t, "tlb_flush statistic: +%llu over %u entries after FLUSH_TLB, +%llu over %u "
		"entries without", (unsigned long long)flagged, rounds, (unsigned long long)control,
		rounds);
	KT_CHECK(t, cleared == rounds, "KPV-HST-034",
		 "preempted byte not cleared on entry in %u of %u rounds", rounds - cleared, rounds);
	KT_CHECK(t, flagged >= rounds && flagged > control, "KPV-HST-034",
		 "FLUSH_TLB did not cause a guest TLB flush on each entry (+%llu vs +%llu)",
		 (unsigned long long)flagged, (unsigned long long)control);
}
