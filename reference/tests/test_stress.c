// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * test_stress.c - driver and device in two threads over shared memory,
 * with the platform's real barriers: 10 million buffers per layout at
 * UT_SCALE=1, every payload byte checked in both directions, the device
 * completing each batch in reverse order (in pop order with
 * VIRTIO_F_IN_ORDER).  The buffers per second are printed as a
 * diagnostic, never asserted.
 *
 * The notify variants let each side sleep on a doorbell when it has no
 * work, after re-enabling notifications (enable_cb / enable_cb_delayed /
 * enable_notify), and ring the peer's doorbell when kick_prepare /
 * should_notify say so.  A lost wake-up is detected exactly, without any
 * timing: each side publishes, after ringing, how many buffers its last
 * notification decision covered; a sleeper whose doorbell stayed silent
 * while the peer decided about work the sleeper has not seen is a failure
 * (VQP-DRV-037/038/040, VQP-DEV-027/028/030).  The timed waits only make
 * the sleeper look again.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "pair.h"
#include "ut.h"

#define STRESS_NUM     256u
#define STRESS_PAYLOAD 16u   /* bytes each way per buffer */
#define STRESS_STRIDE  64u   /* one cache line per direction per record */
#define STRESS_BATCH   32u

/* A doorbell: the notification itself. */
struct stress_bell {
	pthread_mutex_t m;
	pthread_cond_t c;
	uint64_t rings;
};

struct stress {
	struct pair pr;
	uint64_t total;
	bool notify;                    /* sleep and wake through notifications */
	struct stress_bell kick, irq;   /* driver -> device, device -> driver */
	atomic_uint_fast64_t drv_decided;  /* buffers added as of the last kick decision */
	atomic_uint_fast64_t dev_decided;  /* buffers used as of the last notify decision */
	atomic_bool stop;
	char drv_err[160], dev_err[160];
	uint64_t rec_seq[STRESS_NUM];   /* driver's own: seq in flight per record */
};

static uint8_t st_out(uint64_t seq, uint32_t k) { return (uint8_t)(seq * 31u + k * 17u + 1u); }
static uint8_t st_in(uint64_t seq, uint32_t k) { return (uint8_t)((seq * 7u + k * 5u + 9u) ^ 0xa5u); }

static unsigned char *rec_out(struct stress *s, uint32_t r)
{
	return pair_data(&s->pr) + (size_t)r * 2 * STRESS_STRIDE;
}

static unsigned char *rec_in(struct stress *s, uint32_t r)
{
	return rec_out(s, r) + STRESS_STRIDE;
}

static void bell_init(struct stress_bell *b)
{
	pthread_mutex_init(&b->m, NULL);
	pthread_cond_init(&b->c, NULL);
	b->rings = 0;
}

static void bell_ring(struct stress_bell *b)
{
	pthread_mutex_lock(&b->m);
	b->rings++;
	pthread_cond_signal(&b->c);
	pthread_mutex_unlock(&b->m);
}

static uint64_t bell_read(struct stress_bell *b)
{
	uint64_t r;

	pthread_mutex_lock(&b->m);
	r = b->rings;
	pthread_mutex_unlock(&b->m);
	return r;
}

/*
 * Sleep until the bell rings past seen.  lost(s, arg) is asked each time
 * the wait times out, under the bell's lock (so a ring that happened
 * before the peer published its decision is seen): true means the peer
 * decided about work we have not seen and did not ring.  Returns false
 * (with the error in *err) on a lost wake-up; true when rung or stopped.
 */
static bool bell_sleep(struct stress *s, struct stress_bell *b, uint64_t seen,
		       bool (*lost)(struct stress *s, uint64_t arg), uint64_t arg)
{
	bool ok = true;

	pthread_mutex_lock(&b->m);
	while (b->rings == seen && !atomic_load(&s->stop)) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 20 * 1000 * 1000;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_nsec -= 1000000000L;
			ts.tv_sec++;
		}
		if (pthread_cond_timedwait(&b->c, &b->m, &ts) == ETIMEDOUT &&
		    b->rings == seen && lost(s, arg)) {
			ok = false;
			break;
		}
	}
	pthread_mutex_unlock(&b->m);
	return ok;
}

/* The device sleeps having popped arg buffers: the driver decided (no
 * kick) about a later one. */
static bool lost_kick(struct stress *s, uint64_t popped)
{
	return atomic_load_explicit(&s->drv_decided, memory_order_acquire) > popped;
}

/* The driver sleeps having got arg buffers (enable_cb): the device decided
 * (no notification) about a later one. */
static bool lost_irq(struct stress *s, uint64_t got)
{
	return atomic_load_explicit(&s->dev_decided, memory_order_acquire) > got;
}

/* enable_cb_delayed: the event lies within the buffers outstanding at the
 * time, so once the device decided about all of them it must have rung.
 * arg packs got (low 40 bits) and outstanding (high 24 bits). */
static bool lost_irq_delayed(struct stress *s, uint64_t arg)
{
	uint64_t got = arg & ((1ull << 40) - 1), outstanding = arg >> 40;

	return outstanding &&
	       atomic_load_explicit(&s->dev_decided, memory_order_acquire) >= got + outstanding;
}

static void *stress_driver(void *arg)
{
	struct stress *s = arg;
	struct virtq_drv *vq = &s->pr.drv;
	uint32_t free_stack[STRESS_NUM], nfree = 0;
	uint64_t sent = 0, done = 0;

	for (uint32_t r = 0; r < STRESS_NUM; r++)
		free_stack[nfree++] = r;
	while (done < s->total && !atomic_load_explicit(&s->stop, memory_order_relaxed)) {
		bool progress = false;

		while (nfree && sent < s->total) {
			uint32_t r = free_stack[nfree - 1];
			unsigned char *o = rec_out(s, r);
			struct virtq_sg sg[2] = {
				{ pair_gpa(&s->pr, o), STRESS_PAYLOAD },
				{ pair_gpa(&s->pr, rec_in(s, r)), STRESS_PAYLOAD },
			};
			int rc;

			memcpy(o, &sent, sizeof(sent));
			for (uint32_t k = sizeof(sent); k < STRESS_PAYLOAD; k++)
				o[k] = st_out(sent, k);
			rc = virtq_drv_add(vq, sg, 1, 1, (void *)(uintptr_t)(r + 1), 0);
			if (rc == -VIRTQ_ENOSPC)
				break;
			if (rc) {
				snprintf(s->drv_err, sizeof(s->drv_err), "add: %s", virtq_strerror(rc));
				goto out;
			}
			s->rec_seq[r] = sent++;
			nfree--;
			progress = true;
		}
		if (virtq_drv_kick_prepare(vq) && s->notify)
			bell_ring(&s->kick);
		/* published after the ring it may have caused */
		atomic_store_explicit(&s->drv_decided, sent, memory_order_release);
		for (;;) {
			uint32_t len = 0, r;
			uintptr_t tok = (uintptr_t)virtq_drv_get(vq, &len);
			const unsigned char *in;

			if (!tok) {
				if (virtq_drv_error(vq)) {
					snprintf(s->drv_err, sizeof(s->drv_err), "get: %s",
						 virtq_strerror(virtq_drv_error(vq)));
					goto out;
				}
				break;
			}
			r = (uint32_t)(tok - 1);
			in = rec_in(s, r);
			if (r >= STRESS_NUM || len != STRESS_PAYLOAD) {
				snprintf(s->drv_err, sizeof(s->drv_err), "used record %u len %u", r, len);
				goto out;
			}
			for (uint32_t k = 0; k < STRESS_PAYLOAD; k++) {
				if (in[k] != st_in(s->rec_seq[r], k)) {
					snprintf(s->drv_err, sizeof(s->drv_err),
						 "seq %llu: reply byte %u is %#x",
						 (unsigned long long)s->rec_seq[r], k, in[k]);
					goto out;
				}
			}
			free_stack[nfree++] = r;
			done++;
			progress = true;
		}
		if (!progress && s->notify && done < s->total) {
			uint64_t seen = bell_read(&s->irq), outstanding = sent - done;
			bool delayed = (done & 1) != 0, ok;

			if (delayed ? virtq_drv_enable_cb_delayed(vq) : virtq_drv_enable_cb(vq)) {
				ok = delayed ? bell_sleep(s, &s->irq, seen, lost_irq_delayed,
							  done | (outstanding << 40))
					     : bell_sleep(s, &s->irq, seen, lost_irq, done);
				if (!ok) {
					snprintf(s->drv_err, sizeof(s->drv_err),
						 "lost used-buffer notification (%s, got %llu, %llu outstanding)",
						 delayed ? "delayed" : "enable_cb", (unsigned long long)done,
						 (unsigned long long)outstanding);
					goto out;
				}
			}
			virtq_drv_disable_cb(vq);
		} else if (!progress) {
			sched_yield();
		}
	}
out:
	atomic_store(&s->stop, true);
	return NULL;
}

static void *stress_device(void *arg)
{
	struct stress *s = arg;
	struct virtq_dev *vq = &s->pr.dev;
	struct virtq_req req[STRESS_BATCH];
	struct virtq_seg seg[STRESS_BATCH][2];
	uint64_t expect = 0;

	while (expect < s->total && !atomic_load_explicit(&s->stop, memory_order_relaxed)) {
		uint32_t n = 0;

		while (n < STRESS_BATCH) {
			int rc = virtq_dev_pop(vq, &req[n], seg[n], 2);
			const unsigned char *o;
			uint64_t seq;

			if (rc < 0) {
				snprintf(s->dev_err, sizeof(s->dev_err), "pop: %s", virtq_strerror(rc));
				goto out;
			}
			if (rc == 0)
				break;
			if (req[n].nseg != 2 || seg[n][0].writable || !seg[n][1].writable ||
			    seg[n][0].len != STRESS_PAYLOAD || seg[n][1].len != STRESS_PAYLOAD) {
				snprintf(s->dev_err, sizeof(s->dev_err), "request shape (nseg %u)", req[n].nseg);
				goto out;
			}
			o = seg[n][0].addr;
			memcpy(&seq, o, sizeof(seq));
			if (seq != expect) {
				snprintf(s->dev_err, sizeof(s->dev_err), "got seq %llu, expected %llu",
					 (unsigned long long)seq, (unsigned long long)expect);
				goto out;
			}
			for (uint32_t k = sizeof(seq); k < STRESS_PAYLOAD; k++) {
				if (o[k] != st_out(seq, k)) {
					snprintf(s->dev_err, sizeof(s->dev_err), "seq %llu: byte %u is %#x",
						 (unsigned long long)seq, k, o[k]);
					goto out;
				}
			}
			for (uint32_t k = 0; k < STRESS_PAYLOAD; k++)
				((unsigned char *)seg[n][1].addr)[k] = st_in(seq, k);
			expect++;
			n++;
		}
		if (n == 0 && s->notify) {
			uint64_t seen = bell_read(&s->kick);

			if (virtq_dev_enable_notify(vq) &&
			    !bell_sleep(s, &s->kick, seen, lost_kick, expect)) {
				snprintf(s->dev_err, sizeof(s->dev_err),
					 "lost available-buffer notification (popped %llu)",
					 (unsigned long long)expect);
				goto out;
			}
			virtq_dev_disable_notify(vq);
			continue;
		}
		if (n == 0) {
			sched_yield();
			continue;
		}
		for (uint32_t i = 0; i < n; i++) {
			uint32_t j = vq->f_in_order ? i : n - 1 - i;
			int rc = virtq_dev_push(vq, &req[j], STRESS_PAYLOAD);

			if (rc) {
				snprintf(s->dev_err, sizeof(s->dev_err), "push: %s", virtq_strerror(rc));
				goto out;
			}
		}
		virtq_dev_flush(vq);
		if (virtq_dev_should_notify(vq) && s->notify)
			bell_ring(&s->irq);
		atomic_store_explicit(&s->dev_decided, expect, memory_order_release);
	}
out:
	if (s->dev_err[0])
		atomic_store(&s->stop, true);
	return NULL;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void stress_run(unsigned layout, uint64_t extra_features, bool notify, const char *what)
{
	static struct stress s;
	struct pair_cfg cfg = {
		.layout = layout, .num = STRESS_NUM,
		.features = VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_EVENT_IDX) |
			    extra_features |
			    (layout == VIRTQ_LAYOUT_PACKED ? VIRTIO_BIT(VIRTIO_F_RING_PACKED) : 0),
		.data_bytes = (size_t)STRESS_NUM * 2 * STRESS_STRIDE,
	};
	pthread_t td, tv;
	double t0, dt;
	int r;

	memset(&s, 0, sizeof(s));
	r = pair_init(&s.pr, &cfg);
	UT_ASSERT_MSG(r == 0, "init: %s", virtq_strerror(r));
	/* sleeping and waking costs a system call per notification: the
	 * notify variants run a fifth of the buffers */
	s.total = ut_scaled(notify ? 2000000 : 10000000);
	s.notify = notify;
	bell_init(&s.kick);
	bell_init(&s.irq);
	atomic_init(&s.drv_decided, 0);
	atomic_init(&s.dev_decided, 0);
	atomic_init(&s.stop, false);
	t0 = now_s();
	UT_EQ(pthread_create(&tv, NULL, stress_device, &s), 0);
	UT_EQ(pthread_create(&td, NULL, stress_driver, &s), 0);
	pthread_join(td, NULL);
	atomic_store(&s.stop, true);
	pthread_join(tv, NULL);
	dt = now_s() - t0;
	pair_fini(&s.pr);
	UT_ASSERT_MSG(!s.drv_err[0], "driver: %s", s.drv_err);
	UT_ASSERT_MSG(!s.dev_err[0], "device: %s", s.dev_err);
	ut_diag("%s %s: %llu buffers in %.2f s: %.2f M buffers/s; %llu kicks, %llu interrupts",
		pair_layout_name(layout), what, (unsigned long long)s.total, dt,
		(double)s.total / dt / 1e6, (unsigned long long)s.kick.rings,
		(unsigned long long)s.irq.rings);
}

UT_TEST(stress_packed_two_threads)
{
	stress_run(VIRTQ_LAYOUT_PACKED, 0, false, "polling, out-of-order");
}

UT_TEST(stress_packed_in_order_two_threads)
{
	stress_run(VIRTQ_LAYOUT_PACKED, VIRTIO_BIT(VIRTIO_F_IN_ORDER), false, "polling, in-order");
}

UT_TEST(stress_split_two_threads)
{
	stress_run(VIRTQ_LAYOUT_SPLIT, 0, false, "polling, out-of-order");
}

UT_TEST(stress_split_in_order_two_threads)
{
	stress_run(VIRTQ_LAYOUT_SPLIT, VIRTIO_BIT(VIRTIO_F_IN_ORDER), false, "polling, in-order");
}

UT_TEST(stress_packed_notify_two_threads)
{
	stress_run(VIRTQ_LAYOUT_PACKED, 0, true, "notifications, out-of-order");
}

UT_TEST(stress_packed_notify_in_order_two_threads)
{
	stress_run(VIRTQ_LAYOUT_PACKED, VIRTIO_BIT(VIRTIO_F_IN_ORDER), true,
		   "notifications, in-order");
}

UT_TEST(stress_split_notify_two_threads)
{
	stress_run(VIRTQ_LAYOUT_SPLIT, 0, true, "notifications, out-of-order");
}

UT_TEST(stress_split_notify_in_order_two_threads)
{
	stress_run(VIRTQ_LAYOUT_SPLIT, VIRTIO_BIT(VIRTIO_F_IN_ORDER), true,
		   "notifications, in-order");
}
