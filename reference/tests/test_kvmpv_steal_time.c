// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * test_kvmpv_steal_time.c - the host's steal-time writer against the
 * guest's reader and the guest's PV TLB flush, single-threaded through
 * every interleaving and in two racing threads (KPV-HST-029..035,
 * KPV-GST-018..021).
 */
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/time.h>
#include "ut.h"
#include "kvmpv_guest.h"
#include "kvmpv_host.h"

static _Alignas(64) struct kvmpv_steal_time rec;

UT_TEST(kvmpv_steal_writer_record)
{
	struct kvmpv_steal_host h;
	struct kvmpv_steal_snapshot s;
	uint8_t pad8[3], pad[44];

	memset(&rec, 0, sizeof(rec));
	rec.version = 7;                /* junk left by firmware: odd */
	rec.flags = 0x5a5a5a5a;
	memset(rec.pad8, 0xa5, sizeof(rec.pad8));
	memset(rec.pad, 0xc3, sizeof(rec.pad));
	memcpy(pad8, rec.pad8, sizeof(pad8));
	memcpy(pad, rec.pad, sizeof(pad));

	kvmpv_steal_enable(&h, &rec, true);
	UT_EQ(kvmpv_steal_enter(&h, 100), 0);
	/* KPV-HST-030: the odd junk became even before the first bracket. */
	UT_EQ(rec.version, 10);
	UT_EQ(rec.steal, 100);
	UT_EQ(kvmpv_steal_time_read(&rec, 1, &s), 0);
	UT_ASSERT(s.steal == 100 && s.version == 10);
	/* KPV-HST-029: accumulates, never decreases; +2 per update. */
	for (uint64_t i = 1; i <= 50; i++)
		kvmpv_steal_enter(&h, i);
	UT_EQ(rec.steal, 100 + 50 * 51 / 2);
	UT_EQ(rec.version, 110);
	/* A zero delta publishes nothing. */
	kvmpv_steal_enter(&h, 0);
	UT_EQ(rec.version, 110);
	/* A guest that scribbles on steal (against KPV-GST-019) cannot make
	 * the host publish a decrease: the host keeps its own count. */
	rec.steal = 3;
	kvmpv_steal_enter(&h, 1);
	UT_EQ(rec.steal, 100 + 50 * 51 / 2 + 1);
	/* KPV-HST-031: flags and padding untouched. */
	UT_EQ(rec.flags, 0x5a5a5a5a);
	UT_ASSERT(memcmp(rec.pad8, pad8, sizeof(pad8)) == 0);
	UT_ASSERT(memcmp(rec.pad, pad, sizeof(pad)) == 0);
	/* KPV-GST-018: an odd version is never a snapshot. */
	rec.version = 113;
	UT_EQ(kvmpv_steal_time_read(&rec, 5, &s), -VIRTQ_EBROKEN);
	/* disabled record: the host touches nothing */
	kvmpv_steal_enable(&h, NULL, true);
	UT_EQ(kvmpv_steal_enter(&h, 5), 0);
	kvmpv_steal_put(&h, true);
	UT_EQ(rec.version, 113);
}

UT_TEST(kvmpv_steal_preempted_byte)
{
	struct kvmpv_steal_host h;
	volatile struct kvmpv_steal_time *st = &rec;

	memset(&rec, 0, sizeof(rec));
	kvmpv_steal_enable(&h, &rec, true);

	/* KPV-HST-033: a vCPU that blocked (halted) is not marked. */
	kvmpv_steal_put(&h, false);
	UT_EQ(rec.preempted, 0);
	UT_ASSERT(!kvmpv_tlb_flush_defer(st));          /* running: IPI */

	/* Guest exchange before the host's entry: the flush is deferred and
	 * the host reports it (KPV-GST-020, KPV-HST-034). */
	kvmpv_steal_put(&h, true);
	UT_EQ(rec.preempted, KVMPV_VCPU_PREEMPTED);
	UT_ASSERT(kvmpv_tlb_flush_defer(st));
	UT_EQ(rec.preempted, KVMPV_VCPU_PREEMPTED | KVMPV_VCPU_FLUSH_TLB);
	UT_ASSERT(kvmpv_tlb_flush_defer(st));           /* a second CPU asks too */
	UT_EQ(kvmpv_steal_enter(&h, 1), KVMPV_STEAL_FLUSH_TLB);
	UT_EQ(rec.preempted, 0);                        /* KPV-HST-032 */

	/* Host entry first: the guest must IPI and the host flushes nothing. */
	kvmpv_steal_put(&h, true);
	UT_EQ(kvmpv_steal_enter(&h, 1), 0);
	UT_ASSERT(!kvmpv_tlb_flush_defer(st));
	UT_EQ(rec.preempted, 0);

	/* KPV-HST-035: PREEMPTED is added, never stored over a FLUSH_TLB. */
	rec.preempted = KVMPV_VCPU_FLUSH_TLB;           /* a guest breaking KPV-GST-021 */
	kvmpv_steal_put(&h, true);
	UT_EQ(rec.preempted, KVMPV_VCPU_PREEMPTED | KVMPV_VCPU_FLUSH_TLB);
	kvmpv_steal_put(&h, true);                      /* once per put */
	UT_EQ(kvmpv_steal_enter(&h, 1), KVMPV_STEAL_FLUSH_TLB);

	/* Without PV_TLB_FLUSH the byte is still cleared on entry, and
	 * nothing is reported. */
	kvmpv_steal_enable(&h, &rec, false);
	kvmpv_steal_put(&h, true);
	UT_EQ(rec.preempted, KVMPV_VCPU_PREEMPTED);
	UT_EQ(kvmpv_steal_enter(&h, 1), 0);
	UT_EQ(rec.preempted, 0);

	/* kvmpv_tlb_flush_filter: only running vCPUs get IPIs. */
	static _Alignas(64) struct kvmpv_steal_time r4[4];
	volatile struct kvmpv_steal_time *v4[4] = { &r4[0], &r4[1], &r4[2], &r4[3] };
	uint32_t ipi[4];
	memset(r4, 0, sizeof(r4));
	r4[1].preempted = KVMPV_VCPU_PREEMPTED;
	r4[3].preempted = KVMPV_VCPU_PREEMPTED;
	UT_EQ(kvmpv_tlb_flush_filter(v4, 4, ipi), 2);
	UT_ASSERT(ipi[0] == 0 && ipi[1] == 2);
	UT_EQ(r4[1].preempted, KVMPV_VCPU_PREEMPTED | KVMPV_VCPU_FLUSH_TLB);
	UT_EQ(r4[0].preempted, 0);
}

/* ---- the seqlock under a racing writer ----------------------------------- */

static struct {
	struct kvmpv_steal_host h;
	atomic_bool stop;
	atomic_ulong updates;
} sl;

static void *steal_writer(void *arg)
{
	(void)arg;
	/* Update k adds k: after n updates steal is n(n+1)/2 and the version
	 * is 2n, so every consistent snapshot satisfies steal == f(version). */
	for (uint64_t k = 1; !atomic_load_explicit(&sl.stop, memory_order_relaxed); k++) {
		kvmpv_steal_enter(&sl.h, k);
		atomic_store_explicit(&sl.updates, k, memory_order_relaxed);
	}
	return NULL;
}

UT_TEST(kvmpv_steal_seqlock_race)
{
	uint64_t n = ut_scaled(200000), reads = 0, bad = 0, odd = 0, changed = 0, updates;
	struct kvmpv_steal_snapshot s, prev = { 0, 0 };
	pthread_t t;

	memset(&rec, 0, sizeof(rec));
	kvmpv_steal_enable(&sl.h, &rec, true);
	atomic_store(&sl.stop, false);
	atomic_store(&sl.updates, 0);
	UT_ASSERT(pthread_create(&t, NULL, steal_writer, NULL) == 0);
	/* Both sides must have done n operations, so that they overlap for a
	 * while however the two threads are scheduled. */
	while (reads < n || atomic_load_explicit(&sl.updates, memory_order_relaxed) < n) {
		uint64_t k;

		if (kvmpv_steal_time_read(&rec, 0, &s) != 0)
			continue;
		reads++;
		k = s.version / 2;
		odd += s.version & 1;
		if (s.steal != k * (k + 1) / 2 || s.version < prev.version || s.steal < prev.steal)
			bad++;
		changed += s.version != prev.version;
		prev = s;
		/* On a loaded machine the two threads may share one CPU: give
		 * the writer a turn now and then so reads meet many versions. */
		if ((reads & 16383) == 0)
			sched_yield();
	}
	atomic_store(&sl.stop, true);
	pthread_join(t, NULL);
	updates = atomic_load(&sl.updates);
	ut_diag("steal-time seqlock: %llu updates, %llu consistent reads, %llu distinct versions seen",
		(unsigned long long)updates, (unsigned long long)reads, (unsigned long long)changed);
	UT_EQ(odd, 0);
	UT_EQ(bad, 0);
	UT_EQ(rec.version, 2 * updates);
	UT_EQ(rec.steal, updates * (updates + 1) / 2);
}

/*
 * The same check on one CPU: a timer signal plays the host and updates the
 * record at arbitrary points of the reader, including between its loads,
 * however busy the machine is.
 */
static struct kvmpv_steal_host sig_h;
static volatile sig_atomic_t sig_updates;

static void steal_on_signal(int sig)
{
	(void)sig;
	kvmpv_steal_enter(&sig_h, (uint64_t)sig_updates + 1);
	sig_updates = sig_updates + 1;
}

UT_TEST(kvmpv_steal_seqlock_interrupted)
{
	uint64_t want = ut_scaled(4000), reads = 0, straddled = 0, bad = 0;
	struct itimerval it = { { 0, 40 }, { 0, 40 } }, off = { { 0, 0 }, { 0, 0 } };
	struct sigaction sa, old;
	struct kvmpv_steal_snapshot s;

	memset(&rec, 0, sizeof(rec));
	kvmpv_steal_enable(&sig_h, &rec, true);
	sig_updates = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = steal_on_signal;
	sigemptyset(&sa.sa_mask);
	UT_ASSERT(sigaction(SIGALRM, &sa, &old) == 0);
	UT_ASSERT(setitimer(ITIMER_REAL, &it, NULL) == 0);
	while ((uint64_t)sig_updates < want) {
		sig_atomic_t before = sig_updates;
		uint64_t k;

		if (kvmpv_steal_time_read(&rec, 0, &s) != 0)
			continue;
		reads++;
		straddled += sig_updates != before;
		k = s.version / 2;
		if ((s.version & 1) || s.steal != k * (k + 1) / 2)
			bad++;
	}
	setitimer(ITIMER_REAL, &off, NULL);
	sigaction(SIGALRM, &old, NULL);
	ut_diag("steal-time seqlock, signal writer: %llu updates, %llu reads, %llu overlapped an update",
		(unsigned long long)want, (unsigned long long)reads, (unsigned long long)straddled);
	UT_EQ(bad, 0);
}

/* ---- PV TLB flush racing vCPU entry -------------------------------------- */

/*
 * A guest CPU A changes a page table (pt_gen++) and must make vCPU B
 * flush: by FLUSH_TLB if B is preempted, else by an IPI that B serves
 * while running and A waits for.  The host side of B puts and enters the
 * vCPU in a loop.  Invariant, checked by B whenever it runs: every flush A
 * considers done (done_gen) is reflected in B's TLB (tlb_gen).  A lost
 * FLUSH_TLB breaks it.
 */
static struct {
	struct kvmpv_steal_host h;
	atomic_ulong pt_gen, done_gen, ipi_req, ipi_ack;
	atomic_ulong entries;
	atomic_bool stop;
	uint64_t tlb_gen;                       /* B's own */
	uint64_t violations, flushes, ipis_served;
} tf;

static void b_serve_ipi(void)
{
	uint64_t req = atomic_load(&tf.ipi_req);

	if (req != atomic_load(&tf.ipi_ack)) {
		tf.tlb_gen = atomic_load(&tf.pt_gen);   /* flush */
		tf.ipis_served++;
		atomic_store(&tf.ipi_ack, req);
	}
}

static void *vcpu_b(void *arg)
{
	uint64_t spin = 0;

	(void)arg;
	while (!atomic_load(&tf.stop)) {
		/* descheduled while runnable */
		kvmpv_steal_put(&tf.h, true);
		for (unsigned i = 0; i < (spin++ % 64); i++)
			atomic_signal_fence(memory_order_seq_cst);
		if (spin % 128 == 0)
			sched_yield();
		if (kvmpv_steal_enter(&tf.h, 1) & KVMPV_STEAL_FLUSH_TLB) {
			tf.tlb_gen = atomic_load(&tf.pt_gen);
			tf.flushes++;
		}
		atomic_fetch_add(&tf.entries, 1);
		/* running guest code */
		for (int i = 0; i < 4; i++) {
			b_serve_ipi();
			if (atomic_load(&tf.done_gen) > tf.tlb_gen)
				tf.violations++;
		}
	}
	b_serve_ipi();
	return NULL;
}

UT_TEST(kvmpv_tlb_flush_race)
{
	uint64_t n = ut_scaled(20000), deferred = 0, ipis = 0;
	pthread_t t;

	memset(&rec, 0, sizeof(rec));
	memset(&tf, 0, sizeof(tf));
	kvmpv_steal_enable(&tf.h, &rec, true);
	UT_ASSERT(pthread_create(&t, NULL, vcpu_b, NULL) == 0);
	for (uint64_t i = 0; i < n; i++) {
		uint64_t g = atomic_fetch_add(&tf.pt_gen, 1) + 1;

		if (kvmpv_tlb_flush_defer(&rec)) {
			deferred++;
		} else {
			uint64_t req = atomic_fetch_add(&tf.ipi_req, 1) + 1;

			ipis++;
			while (atomic_load(&tf.ipi_ack) < req)
				sched_yield();
		}
		atomic_store(&tf.done_gen, g);
		/* Let B go round at least once, so that requests meet B in
		 * every phase rather than all landing in one preemption. */
		for (uint64_t e = atomic_load(&tf.entries); atomic_load(&tf.entries) == e;)
			if (atomic_load(&tf.stop))
				break;
			else
				sched_yield();
	}
	atomic_store(&tf.stop, true);
	pthread_join(t, NULL);
	ut_diag("PV TLB flush: %llu requests, %llu deferred, %llu by IPI, %llu host flushes, "
		"%llu entries", (unsigned long long)n, (unsigned long long)deferred,
		(unsigned long long)ipis, (unsigned long long)tf.flushes,
		(unsigned long long)atomic_load(&tf.entries));
	UT_EQ(tf.violations, 0);
	UT_EQ(deferred + ipis, n);
	UT_EQ(tf.ipis_served, ipis);
	UT_ASSERT(tf.flushes <= deferred);
	/* Every deferred request made its vCPU entry report a flush. */
	UT_ASSERT(deferred == 0 || tf.flushes > 0);
}
