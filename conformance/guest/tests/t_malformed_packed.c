// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_malformed_packed.c - malformed packed-ring requests written by hand
 * (VQP-DEV-038: stop, no used element, DEVICE_NEEDS_RESET; VQP-DEV-051: no
 * write to the memory the request names) and one test per malformation.
 * Slots are made available with wrap counter 1 (AVAIL set, USED clear).
 * QEMU 7.2's virtio-rng stopped answering the guest after some of these
 * (a packed-ring error it reports keeps it busy), so each runs in a boot
 * of its own (needs:own-boot, unittests.cfg *-malformed entries).
 */
#include "malformed.h"
#include "lib/libc.h"

#define W  VIRTQ_DESC_F_WRITE
#define N  VIRTQ_DESC_F_NEXT
#define I  VIRTQ_DESC_F_INDIRECT
#define A  VIRTQ_DESC_F_AVAIL

static void tdesc(struct virtq_packed_desc *d, uint64_t addr, uint32_t len, uint16_t flags)
{
	d->addr = addr;
	d->len = len;
	d->id = 0;
	d->flags = flags;
}

PVC_TEST(malformed_packed_zero_len, "VQP-DEV-041 VQP-DEV-038 VQP-DEV-051", "needs:virtio-rng needs:own-boot")
{
	struct mal m;

	if (!mal_start(t, &m, true))
		return;
	/* a first element with room, so that a device that only looks at
	 * requests with writable bytes takes this one */
	mal_packed_desc(&m, 1, mal_dma(m.buf + 64), 0, 0, W | A);
	mal_packed_desc(&m, 0, mal_dma(m.buf), 64, 0, W | N | A);
	mal_judge(t, &m, "descriptor of length 0");
}

PVC_TEST(malformed_packed_bad_addr, "VQP-DEV-040 VQP-DEV-038 VQP-DEV-051", "needs:virtio-rng needs:own-boot")
{
	struct mal m;

	if (!mal_start(t, &m, true))
		return;
	mal_packed_desc(&m, 1, MAL_BAD_ADDR, 64, 0, W | A);
	mal_packed_desc(&m, 0, mal_dma(m.buf), 16, 0, W | N | A);
	mal_judge(t, &m, "descriptor outside guest memory");
}

PVC_TEST(malformed_packed_addr_overflow, "VQP-DEV-040 VQP-DEV-038 VQP-DEV-051", "needs:virtio-rng needs:own-boot")
{
	struct mal m;

	if (!mal_start(t, &m, true))
		return;
	mal_packed_desc(&m, 1, 0xfffffffffffffff0ull, 64, 0, W | A);
	mal_packed_desc(&m, 0, mal_dma(m.buf), 16, 0, W | N | A);
	mal_judge(t, &m, "addr + len overflows 64 bits");
}

PVC_TEST(malformed_packed_id_range, "VQP-DEV-048 VQP-DEV-038 VQP-DEV-051", "needs:virtio-rng needs:own-boot")
{
	struct mal m;

	if (!mal_start(t, &m, true))
		return;
	mal_packed_desc(&m, 0, mal_dma(m.buf), 64, (uint16_t)(m.q.num + 3), W | A);
	mal_judge(t, &m, "Buffer ID >= queue size");
}

PVC_TEST(malformed_packed_chain_unavailable, "VQP-DEV-050 VQP-DEV-038 VQP-DEV-051", "needs:virtio-rng needs:own-boot")
{
	struct mal m;

	if (!mal_start(t, &m, true))
		return;
	/* slot 1 left as it is after set-up: AVAIL = USED = 0, not available in lap 1 */
	mal_packed_desc(&m, 0, mal_dma(m.buf), 16, 0, W | N | A);
	mal_judge(t, &m, "chain continuing into a slot that is not available");
}

PVC_TEST(malformed_packed_write_order, "VQP-DEV-047 VQP-DEV-038 VQP-DEV-051", "needs:virtio-rng needs:own-boot")
{
	struct mal m;

	if (!mal_start(t, &m, true))
		return;
	mal_packed_desc(&m, 1, mal_dma(m.buf + 64), 16, 0, A);
	mal_packed_desc(&m, 0, mal_dma(m.buf), 16, 0, W | N | A);
	mal_judge(t, &m, "device-readable descriptor after a device-writable one");
}

PVC_TEST(malformed_packed_indirect_unnegotiated, "VQP-DEV-046 VQP-DEV-038 VQP-DEV-051", "needs:virtio-rng needs:own-boot")
{
	struct mal m;

	if (!mal_need_indirect(t, false) || !mal_start(t, &m, true))
		return;
	tdesc(&m.ptable[0], mal_dma(m.buf), 64, W);
	mal_packed_desc(&m, 0, mal_dma(m.ptable), 16, 0, I | A);
	mal_judge(t, &m, "INDIRECT without VIRTIO_F_INDIRECT_DESC");
}

PVC_TEST(malformed_packed_indirect_len, "VQP-DEV-045 VQP-DEV-038 VQP-DEV-051", "needs:virtio-rng needs:indirect needs:own-boot")
{
	struct mal m;

	if (!mal_need_indirect(t, true) || !mal_start(t, &m, true))
		return;
	tdesc(&m.ptable[0], mal_dma(m.buf), 64, W);
	tdesc(&m.ptable[1], mal_dma(m.buf + 64), 64, W);
	mal_packed_desc(&m, 0, mal_dma(m.ptable), 24, 0, I | A);
	mal_judge(t, &m, "indirect table length 24 (not a multiple of 16)");
}

PVC_TEST(malformed_packed_indirect_nested, "VQP-DEV-044 VQP-DEV-038 VQP-DEV-051", "needs:virtio-rng needs:indirect needs:own-boot")
{
	struct mal m;

	if (!mal_need_indirect(t, true) || !mal_start(t, &m, true))
		return;
	tdesc(&m.ptable[MAL_TABLE], mal_dma(m.buf), 64, W);
	tdesc(&m.ptable[0], mal_dma(&m.ptable[MAL_TABLE]), 16, I);
	mal_packed_desc(&m, 0, mal_dma(m.ptable), 16, 0, I | A);
	mal_judge(t, &m, "INDIRECT inside an indirect table");
}

PVC_TEST(malformed_packed_indirect_next, "VQP-DEV-043 VQP-DEV-038 VQP-DEV-051", "needs:virtio-rng needs:indirect needs:own-boot")
{
	struct mal m;

	if (!mal_need_indirect(t, true) || !mal_start(t, &m, true))
		return;
	tdesc(&m.ptable[0], mal_dma(m.buf), 64, W);
	mal_packed_desc(&m, 1, mal_dma(m.buf + 128), 64, 0, W | A);
	mal_packed_desc(&m, 0, mal_dma(m.ptable), 16, 0, I | N | A);
	mal_judge(t, &m, "INDIRECT together with NEXT");
}

PVC_TEST(malformed_packed_indirect_too_long, "VQP-DEV-042 VQP-DEV-038 VQP-DEV-051", "needs:virtio-rng needs:indirect needs:own-boot")
{
	struct mal m;
	uint32_t n;

	if (!mal_need_indirect(t, true) || !mal_start(t, &m, true))
		return;
	n = m.q.num + 1;                 /* one more entry than the queue size */
	for (uint32_t i = 0; i < n; i++)
		tdesc(&m.ptable[i], mal_dma(m.buf + 16 * i), 16, W);
	mal_packed_desc(&m, 0, mal_dma(m.ptable), n * 16u, 0, I | A);
	mal_judge(t, &m, "indirect table longer than the queue size");
}
