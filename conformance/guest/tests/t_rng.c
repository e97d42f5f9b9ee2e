// SPDX-License-Identifier: GPL-2.0-only
/* t_rng.c - virtio-rng-pci: entropy requests through the reference driver. */
#include "genv.h"
#include "lib/libc.h"

#define RNG_REQ 64u
#define RNG_N   8u

/* Entropy requests: each comes back with 1..64 bytes written. */
static void rng_read(struct pvc_t *t)
{
	struct gvq q;
	uint8_t *buf = alloc_zeroed(RNG_N * RNG_REQ, 64);
	unsigned got = 0, nonzero = 0, bad_len = 0;

	if (!genv.have_rng) {
		pvc_skip(t, "no virtio-rng-pci device in this configuration");
		return;
	}
	if (!genv_start(t, &genv.rng, 0, &q, 1))
		return;
	for (unsigned i = 0; i < RNG_N; i++) {
		struct virtq_sg sg = { gvq_dma(buf + i * RNG_REQ), RNG_REQ };
		int err = gvq_add(&q, &sg, 0, 1, buf + i * RNG_REQ, false);

		if (!PVC_CHECK(t, err == 0, "add %u: %s", i, virtq_strerror(err)))
			return;
	}
	gvq_kick(&q);
	while (got < RNG_N) {
		uint32_t len = 0;
		uint8_t *tok = gvq_wait(&q, &len, 2000);

		if (!tok)
			break;
		got++;
		/* used len: bytes of entropy written, 1..64 */
		if (len == 0 || len > RNG_REQ)
			bad_len++;
		for (unsigned k = 0; k < RNG_REQ; k++)
			nonzero += tok[k] != 0;
	}
	PVC_CHECK(t, !virtq_drv_error(&q.drv), "queue broken: %s", virtq_strerror(virtq_drv_error(&q.drv)));
	PVC_CHECK(t, got == RNG_N, "%u of %u requests used", got, RNG_N);
	PVC_CHECK(t, nonzero > RNG_N * RNG_REQ / 2, "only %u of %u bytes non-zero", nonzero,
		  RNG_N * RNG_REQ);
	PVC_CHECK(t, bad_len == 0, "%u of %u used lengths outside 1..%u", bad_len, got, RNG_REQ);
	gvq_check_used_write(t, &q);
}

PVC_TEST(rng_used_len_packed, "VQP-DEV-016", "needs:virtio-rng")
{
	if (genv_layout(t, true))
		rng_read(t);
}

PVC_TEST(rng_used_len_split, "VQS-DEV-006", "needs:virtio-rng")
{
	if (genv_layout(t, false))
		rng_read(t);
}
