// SPDX-License-Identifier: GPL-2.0-only
/*
 * ringbench - the reference driver and device in two threads over shared
 * memory, the workload of Linux's tools/virtio/ringtest: the "guest"
 * thread keeps adding one-descriptor buffers and reaping used ones, the
 * "host" thread pops and completes them.  Default is busy polling, as
 * ringtest's default; --sleep makes both sides sleep on eventfds and use
 * the notification-suppression calls (kick_prepare / should_notify) to
 * decide when to wake the other, as ringtest --sleep does.
 *
 *   ringbench --layout packed|split [--ring-size R] [--run-cycles C]
 *             [--batch B] [--sleep] [--host-batch H] [--in-order]
 *
 * Prints one line: layout, buffers, seconds, buffers/s, notifications.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>
#include "virtq_drv.h"
#include "virtq_dev.h"
#include "virtio_features.h"

#define GPA_BASE 0x100000000ull
#define BUF_BYTES 64u

struct bench {
	unsigned layout;
	uint32_t num;
	uint64_t cycles;
	uint32_t batch;          /* guest: buffers added between kick decisions */
	uint32_t host_batch;     /* host: used elements per flush */
	bool sleep;
	unsigned char *block;
	struct virtq_ring_offsets ring;
	size_t data_off;
	int kickfd, callfd;
	int err;
	/*
	 * What each thread writes lives on lines of its own (128 bytes: the
	 * adjacent-line prefetcher pairs lines), so the two sides share only
	 * the ring, as a driver and a device in different address spaces do.
	 */
	_Alignas(128) struct virtq_drv drv;
	uint64_t kicks;
	_Alignas(128) struct virtq_dev dev;
	uint64_t calls;
	struct virtq_mem_region region;
	struct virtq_memmap map;
	_Alignas(128) char end[1];
};

static void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

static void wait_fd(int fd)
{
	uint64_t v;

	while (read(fd, &v, sizeof(v)) < 0 && errno == EINTR)
		;
}

static void signal_fd(int fd)
{
	uint64_t v = 1;

	if (write(fd, &v, sizeof(v)) != sizeof(v))
		abort();
}

static void *guest_thread(void *arg)
{
	struct bench *b = arg;
	uint64_t started = 0, completed = 0;
	uint32_t since_kick = 0;
	uint32_t len;

	while (completed < b->cycles) {
		if (b->sleep)
			virtq_drv_disable_cb(&b->drv);
		for (;;) {
			bool added = false;

			if (started < b->cycles) {
				struct virtq_sg sg = {
					.addr = GPA_BASE + b->data_off +
						(started % b->num) * BUF_BYTES,
					.len = BUF_BYTES,
				};
				/* token: any non-NULL value */
				if (virtq_drv_add(&b->drv, &sg, 0, 1, (void *)(uintptr_t)(started + 1), 0) == 0) {
					started++;
					added = true;
					if (b->sleep && ++since_kick == b->batch) {
						since_kick = 0;
						if (virtq_drv_kick_prepare(&b->drv)) {
							b->kicks++;
							signal_fd(b->kickfd);
						}
					}
				}
			}
			if (virtq_drv_get(&b->drv, &len)) {
				completed++;
				if (completed == b->cycles)
					return NULL;
				continue;
			}
			if (virtq_drv_error(&b->drv)) {
				b->err = virtq_drv_error(&b->drv);
				return NULL;
			}
			if (!added)
				break;
		}
		/* flush a partial batch before waiting */
		if (since_kick) {
			since_kick = 0;
			if (virtq_drv_kick_prepare(&b->drv)) {
				b->kicks++;
				signal_fd(b->kickfd);
			}
		}
		if (b->sleep) {
			if (virtq_drv_enable_cb(&b->drv))
				wait_fd(b->callfd);
		} else {
			while (!virtq_drv_more_used(&b->drv))
				cpu_relax();
		}
	}
	return NULL;
}

static void *host_thread(void *arg)
{
	struct bench *b = arg;
	struct virtq_seg seg[4];
	struct virtq_req req;
	uint64_t completed = 0;
	uint32_t pending = 0;
	int r;

	while (completed < b->cycles) {
		if (b->sleep)
			virtq_dev_disable_notify(&b->dev);
		while ((r = virtq_dev_pop(&b->dev, &req, seg, 4)) == 1) {
			if (virtq_dev_push(&b->dev, &req, 0) != 0) {
				b->err = -VIRTQ_EINVAL;
				return NULL;
			}
			completed++;
			if (++pending == b->host_batch || completed == b->cycles) {
				pending = 0;
				virtq_dev_flush(&b->dev);
				if (b->sleep && virtq_dev_should_notify(&b->dev)) {
					b->calls++;
					signal_fd(b->callfd);
				}
			}
		}
		if (r < 0) {
			b->err = r;
			return NULL;
		}
		if (pending) {
			pending = 0;
			virtq_dev_flush(&b->dev);
			if (b->sleep && virtq_dev_should_notify(&b->dev)) {
				b->calls++;
				signal_fd(b->callfd);
			}
		}
		if (completed == b->cycles)
			break;
		if (b->sleep) {
			if (virtq_dev_enable_notify(&b->dev))
				wait_fd(b->kickfd);
		} else {
			cpu_relax();
		}
	}
	return NULL;
}

static int setup(struct bench *b, uint64_t features)
{
	size_t data_bytes = (size_t)b->num * BUF_BYTES, total;
	size_t dpriv = virtq_drv_priv_size(b->layout, b->num);
	size_t vpriv = virtq_dev_priv_size(b->layout, b->num);
	void *drv_priv, *dev_priv;
	int r;

	if (virtq_ring_layout(b->layout, b->num, &b->ring) != 0)
		return -1;
	b->data_off = (b->ring.total + 63) & ~(size_t)63;
	total = b->data_off + data_bytes;
	if (posix_memalign((void **)&b->block, 4096, total) ||
	    posix_memalign(&drv_priv, 64, dpriv ? dpriv : 8) ||
	    posix_memalign(&dev_priv, 64, vpriv ? vpriv : 8))
		return -1;
	memset(b->block, 0, total);
	b->region = (struct virtq_mem_region){ GPA_BASE, total, b->block };
	b->map = (struct virtq_memmap){ &b->region, 1 };

	struct virtq_drv_cfg dc = {
		.layout = b->layout, .num = b->num, .features = features,
		.desc = { b->block + b->ring.desc, GPA_BASE + b->ring.desc },
		.driver = { b->block + b->ring.driver, GPA_BASE + b->ring.driver },
		.device = { b->block + b->ring.device, GPA_BASE + b->ring.device },
		.priv = drv_priv, .priv_size = dpriv,
	};
	struct virtq_dev_cfg vc = {
		.layout = b->layout, .num = b->num, .features = features,
		.desc_gpa = GPA_BASE + b->ring.desc,
		.driver_gpa = GPA_BASE + b->ring.driver,
		.device_gpa = GPA_BASE + b->ring.device,
		.mem = &b->map, .priv = dev_priv, .priv_size = vpriv,
	};
	r = virtq_drv_init(&b->drv, &dc);
	if (r)
		return r;
	return virtq_dev_init(&b->dev, &vc);
}

static void usage(void)
{
	fprintf(stderr, "usage: ringbench --layout packed|split [--ring-size R] [--run-cycles C]\n"
		"                 [--batch B] [--host-batch H] [--sleep] [--in-order] [--no-event-idx]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "layout", required_argument, 0, 'l' },
		{ "ring-size", required_argument, 0, 'R' },
		{ "run-cycles", required_argument, 0, 'C' },
		{ "batch", required_argument, 0, 'b' },
		{ "host-batch", required_argument, 0, 'H' },
		{ "sleep", no_argument, 0, 's' },
		{ "in-order", no_argument, 0, 'i' },
		{ "no-event-idx", no_argument, 0, 'e' },
		{ 0, 0, 0, 0 },
	};
	static struct bench b = { .layout = VIRTQ_LAYOUT_PACKED, .num = 256, .cycles = 10000000,
				  .batch = 1, .host_batch = 1 };
	uint64_t features = VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_EVENT_IDX);
	struct timespec t0, t1;
	pthread_t g, h;
	int o;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'l':
			if (!strcmp(optarg, "packed"))
				b.layout = VIRTQ_LAYOUT_PACKED;
			else if (!strcmp(optarg, "split"))
				b.layout = VIRTQ_LAYOUT_SPLIT;
			else
				usage();
			break;
		case 'R': b.num = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'C': b.cycles = strtoull(optarg, NULL, 0); break;
		case 'b': b.batch = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'H': b.host_batch = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 's': b.sleep = true; break;
		case 'i': features |= VIRTIO_BIT(VIRTIO_F_IN_ORDER); break;
		case 'e': features &= ~VIRTIO_BIT(VIRTIO_F_EVENT_IDX); break;
		default: usage();
		}
	}
	if (!b.cycles || !b.batch || !b.host_batch)
		usage();
	if (b.layout == VIRTQ_LAYOUT_PACKED)
		features |= VIRTIO_BIT(VIRTIO_F_RING_PACKED);
	if (setup(&b, features) != 0) {
		fprintf(stderr, "ringbench: cannot set up a %u-entry ring\n", b.num);
		return 2;
	}
	b.kickfd = eventfd(0, 0);
	b.callfd = eventfd(0, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (pthread_create(&h, NULL, host_thread, &b) || pthread_create(&g, NULL, guest_thread, &b))
		return 2;
	pthread_join(g, NULL);
	if (b.err)
		pthread_cancel(h);
	pthread_join(h, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (b.err) {
		fprintf(stderr, "ringbench: queue error %s\n", virtq_strerror(b.err));
		return 1;
	}
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("layout=%s ring=%u buffers=%llu seconds=%.3f rate=%.0f kicks=%llu calls=%llu\n",
	       b.layout == VIRTQ_LAYOUT_PACKED ? "packed" : "split", b.num,
	       (unsigned long long)b.cycles, s, (double)b.cycles / s,
	       (unsigned long long)b.kicks, (unsigned long long)b.calls);
	return 0;
}
