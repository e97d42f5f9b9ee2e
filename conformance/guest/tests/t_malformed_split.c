// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_malformed_split.c - malformed split-ring requests written by hand
 * (VQS-DEV-022: stop, no used element, DEVICE_NEEDS_RESET; VQS-DEV-035: no
 * write to the memory the request names) and one test per malformation.
 */
#include "malformed.h"
#include "lib/libc.h"

#define W  VIRTQ_SPLIT_F_WRITE
#define N  VIRTQ_SPLIT_F_NEXT
#define I  VIRTQ_SPLIT_F_INDIRECT

static void sdesc(struct mal *m, uint16_t i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	volatile struct virtq_split_desc *d = (volatile struct virtq_split_desc *)m->q.cfg.desc.va + i;

	d->addr = addr;
	d->len = len;
	d->flags = flags;
	d->next = next;
}

static void tdesc(struct virtq_split_desc *d, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	d->addr = addr;
	d->len = len;
	d->flags = flags;
	d->next = next;
}

PVC_TEST(malformed_split_zero_len, "VQS-DEV-025 VQS-DEV-022 VQS-DEV-035", "needs:virtio-rng")
{
	struct mal m;

	if (!mal_start(t, &m, false))
		return;
	/* a first element with room, so that a device that only looks at
	 * requests with writable bytes takes this one */
	sdesc(&m, 0, mal_dma(m.buf), 64, W | N, 1);
	sdesc(&m, 1, mal_dma(m.buf + 64), 0, W, 0);
	mal_split_publish(&m, 0, 1);
	mal_judge(t, &m, "descriptor of length 0");
}

PVC_TEST(malformed_split_bad_addr, "VQS-DEV-024 VQS-DEV-022 VQS-DEV-035", "needs:virtio-rng")
{
	struct mal m;

	if (!mal_start(t, &m, false))
		return;
	sdesc(&m, 0, mal_dma(m.buf), 16, W | N, 1);
	sdesc(&m, 1, MAL_BAD_ADDR, 64, W, 0);
	mal_split_publish(&m, 0, 1);
	mal_judge(t, &m, "descriptor outside guest memory");
}

PVC_TEST(malformed_split_addr_overflow, "VQS-DEV-024 VQS-DEV-022 VQS-DEV-035", "needs:virtio-rng")
{
	struct mal m;

	if (!mal_start(t, &m, false))
		return;
	sdesc(&m, 0, mal_dma(m.buf), 16, W | N, 1);
	sdesc(&m, 1, 0xfffffffffffffff0ull, 64, W, 0);
	mal_split_publish(&m, 0, 1);
	mal_judge(t, &m, "addr + len overflows 64 bits");
}

PVC_TEST(malformed_split_head_range, "VQS-DEV-032 VQS-DEV-022", "needs:virtio-rng")
{
	struct mal m;

	if (!mal_start(t, &m, false))
		return;
	mal_split_publish(&m, (uint16_t)(m.q.num + 3), 1);
	mal_judge(t, &m, "available head index >= queue size");
}

PVC_TEST(malformed_split_avail_idx, "VQS-DEV-033 VQS-DEV-022", "needs:virtio-rng")
{
	struct mal m;

	if (!mal_start(t, &m, false))
		return;
	sdesc(&m, 0, mal_dma(m.buf), 16, W, 0);
	mal_split_publish(&m, 0, (uint16_t)(m.q.num + 2));
	mal_judge(t, &m, "available idx ahead by more than the queue size");
}

PVC_TEST(malformed_split_next_range, "VQS-DEV-034 VQS-DEV-022 VQS-DEV-035", "needs:virtio-rng")
{
	struct mal m;

	if (!mal_start(t, &m, false))
		return;
	sdesc(&m, 0, mal_dma(m.buf), 16, W | N, (uint16_t)(m.q.num + 1));
	mal_split_publish(&m, 0, 1);
	mal_judge(t, &m, "next >= queue size");
}

PVC_TEST(malformed_split_loop, "VQS-DEV-026 VQS-DEV-022 VQS-DEV-035", "needs:virtio-rng")
{
	struct mal m;

	if (!mal_start(t, &m, false))
		return;
	sdesc(&m, 0, mal_dma(m.buf), 16, W | N, 1);
	sdesc(&m, 1, mal_dma(m.buf + 64), 16, W | N, 0);
	mal_split_publish(&m, 0, 1);
	mal_judge(t, &m, "chain looping 0 -> 1 -> 0");
}

PVC_TEST(malformed_split_write_order, "VQS-DEV-031 VQS-DEV-022 VQS-DEV-035", "needs:virtio-rng")
{
	struct mal m;

	if (!mal_start(t, &m, false))
		return;
	sdesc(&m, 0, mal_dma(m.buf), 16, W | N, 1);
	sdesc(&m, 1, mal_dma(m.buf + 64), 16, 0, 0);
	mal_split_publish(&m, 0, 1);
	mal_judge(t, &m, "device-readable descriptor after a device-writable one");
}

PVC_TEST(malformed_split_indirect_unnegotiated, "VQS-DEV-030 VQS-DEV-022 VQS-DEV-035", "needs:virtio-rng")
{
	struct mal m;

	if (!mal_need_indirect(t, false) || !mal_start(t, &m, false))
		return;
	tdesc(&m.table[0], mal_dma(m.buf), 64, W, 0);
	sdesc(&m, 0, mal_dma(m.table), 16, I, 0);
	mal_split_publish(&m, 0, 1);
	mal_judge(t, &m, "INDIRECT without VIRTIO_F_INDIRECT_DESC");
}

PVC_TEST(malformed_split_indirect_len, "VQS-DEV-029 VQS-DEV-022 VQS-DEV-035", "needs:virtio-rng needs:indirect")
{
	struct mal m;

	if (!mal_need_indirect(t, true) || !mal_start(t, &m, false))
		return;
	tdesc(&m.table[0], mal_dma(m.buf), 64, W, 0);
	tdesc(&m.table[1], mal_dma(m.buf + 64), 64, W, 0);
	sdesc(&m, 0, mal_dma(m.table), 24, I, 0);
	mal_split_publish(&m, 0, 1);
	mal_judge(t, &m, "indirect table length 24 (not a multiple of 16)");
}

PVC_TEST(malformed_split_indirect_nested, "VQS-DEV-028 VQS-DEV-022 VQS-DEV-035", "needs:virtio-rng needs:indirect")
{
	struct mal m;

	if (!mal_need_indirect(t, true) || !mal_start(t, &m, false))
		return;
	tdesc(&m.table[MAL_TABLE], mal_dma(m.buf), 64, W, 0);
	tdesc(&m.table[0], mal_dma(&m.table[MAL_TABLE]), 16, I, 0);
	sdesc(&m, 0, mal_dma(m.table), 16, I, 0);
	mal_split_publish(&m, 0, 1);
	mal_judge(t, &m, "INDIRECT inside an indirect table");
}

PVC_TEST(malformed_split_indirect_next, "VQS-DEV-027 VQS-DEV-022 VQS-DEV-035", "needs:virtio-rng needs:indirect")
{
	struct mal m;

	if (!mal_need_indirect(t, true) || !mal_start(t, &m, false))
		return;
	tdesc(&m.table[0], mal_dma(m.buf), 64, W, 0);
	sdesc(&m, 0, mal_dma(m.table), 16, I | N, 1);
	sdesc(&m, 1, mal_dma(m.buf + 128), 64, W, 0);
	mal_split_publish(&m, 0, 1);
	mal_judge(t, &m, "INDIRECT together with NEXT");
}

PVC_TEST(malformed_split_indirect_too_long, "VQS-DEV-026 VQS-DEV-022 VQS-DEV-035", "needs:virtio-rng needs:indirect")
{
	struct mal m;
	uint32_t n;

	if (!mal_need_indirect(t, true) || !mal_start(t, &m, false))
		return;
	n = m.q.num + 1;                 /* one more entry than the queue size */
	for (uint32_t i = 0; i < n; i++)
		tdesc(&m.table[i], mal_dma(m.buf + 16 * i), 16, W | (i + 1 < n ? N : 0), (uint16_t)(i + 1));
	sdesc(&m, 0, mal_dma(m.table), n * 16u, I, 0);
	mal_split_publish(&m, 0, 1);
	mal_judge(t, &m, "indirect chain longer than the queue size");
}

/*
 * The malformation for the DEVICE_NEEDS_RESET tests: split, a head index
 * >= queue size; packed, an indirect table of 24 bytes when INDIRECT_DESC
 * is negotiated, else a Buffer ID >= queue size.
 */
static const char *inject_for_status(struct mal *m)
{
	if (!genv.packed) {
		mal_split_publish(m, (uint16_t)(m->q.num + 3), 1);
		return "head index >= queue size";
	}
	if (genv.indirect) {
		m->ptable[0] = (struct virtq_packed_desc){ mal_dma(m->buf), 64, 0, VIRTQ_DESC_F_WRITE };
		mal_packed_desc(m, 0, mal_dma(m->ptable), 24, 0, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_AVAIL);
		return "indirect table length 24";
	}
	mal_packed_desc(m, 0, mal_dma(m->buf), 64, (uint16_t)(m->q.num + 3),
			VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_AVAIL);
	return "Buffer ID >= queue size";
}

/* A malformed request makes the device set DEVICE_NEEDS_RESET (a SHOULD). */
PVC_TEST(malformed_sets_needs_reset, "FEAT-DEV-003", "needs:virtio-rng")
{
	struct mal m;
	const char *what;
	uint8_t st;

	if (!mal_start(t, &m, genv.packed))
		return;
	what = inject_for_status(&m);
	(void)mal_observe(t, &m, what, &st, false);
	if (!PVC_CHECK(t, st & VIRTIO_STATUS_NEEDS_RESET, "DEVICE_NEEDS_RESET not set (status 0x%02x)", st))
		pvc_finding("FEAT-DEV-003", "DEVICE_NEEDS_RESET not set after a malformed request (%s)", what);
}

/* DEVICE_NEEDS_RESET set while DRIVER_OK is set comes with a configuration
 * change notification (ISR bit 1, MSI-X being off).  The device may take
 * the request at any moment after it is made available, so the
 * observation is repeated: one miss in any round fails the test. */
#define NOTIFY_ROUNDS 20

PVC_TEST(malformed_needs_reset_notifies, "FEAT-DEV-004", "needs:virtio-rng")
{
	const char *what = "";
	unsigned rounds = 0, missed = 0;
	uint8_t isr = 0, st = 0, bad_isr = 0;

	for (unsigned r = 0; r < NOTIFY_ROUNDS; r++) {
		struct mal m;

		if (!mal_start(t, &m, genv.packed))
			return;
		what = inject_for_status(&m);
		isr = mal_observe(t, &m, what, &st, false);
		if (!(st & VIRTIO_STATUS_NEEDS_RESET))
			continue;
		rounds++;
		if (!(isr & VIRTIO_ISR_CONFIG)) {
			missed++;
			bad_isr = isr;
		}
	}
	if (!rounds) {
		pvc_skip(t, "the device did not set DEVICE_NEEDS_RESET for the request (%s)", what);
		return;
	}
	PVC_CHECK(t, missed == 0,
		  "DEVICE_NEEDS_RESET set with DRIVER_OK but no configuration change notification "
		  "in %u of %u rounds (%s; ISR 0x%02x)", missed, rounds, what, bad_isr);
}
