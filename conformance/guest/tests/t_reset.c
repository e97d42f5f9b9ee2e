// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_reset.c - per-queue reset (VIRTIO_F_RING_RESET) on virtio-net: reset
 * the receive queue while its buffers are outstanding, check that the
 * device no longer writes them while the transmit queue keeps working,
 * then re-enable the queue from its initial state and receive again.
 */
#include "net.h"
#include "lib/io.h"
#include "lib/libc.h"

/*
 * Write queue_reset = 1 for queue q and wait for the device to report the
 * reset complete: queue_enable reads 0.  The polarity of queue_reset itself
 * differs between readings of the transport text (virtio 1.2 cs01: it
 * reads 1 once the reset is complete; Linux 6.1 and QEMU 7.2: it reads 0
 * again once complete), so either value is accepted and recorded.
 */
static bool queue_reset(struct pvc_t *t, const struct virtio_pci_dev *d, uint16_t q)
{
	uint64_t deadline = timer_deadline_ms(1000);
	uint16_t r;

	vpci_common_write16(d, VPCI_Q_SELECT, q);
	vpci_common_write16(d, VPCI_Q_RESET, 1);
	while (vpci_common_read16(d, VPCI_Q_ENABLE) != 0) {
		if (timer_expired(deadline))
			return PVC_CHECK(t, false, "queue %u: queue_enable still 1 a second after queue_reset", q);
		cpu_relax();
	}
	r = vpci_common_read16(d, VPCI_Q_RESET);
	pvc_diag("queue %u reset: queue_enable 0, queue_reset reads %u", q, r);
	return PVC_CHECK(t, r <= 1, "queue %u: queue_reset reads %u", q, r);
}

static void ring_reset(struct pvc_t *t)
{
	struct net n;
	struct gvq *rx = &n.q[NET_RXQ];
	unsigned txb = 0, rxb = 0, written = 0, detached = 0, tx_done = 0;
	uint64_t until;
	uint32_t len;

	if (!net_start(t, &n, VIRTIO_BIT(VIRTIO_F_RING_RESET)))
		return;
	if (!virtio_has_feature(genv.net.features, VIRTIO_F_RING_RESET)) {
		pvc_skip(t, "VIRTIO_F_RING_RESET not offered by the device");
		vpci_reset(&genv.net);
		return;
	}
	if (genv.net.common_len < VPCI_COMMON_LEN_RESET) {
		pvc_fail(t, "RING_RESET offered but the common configuration (%u bytes) has no queue_reset",
			 genv.net.common_len);
		return;
	}
	if (!net_rx_fill(t, &n) || !net_arp_round(t, &n, 2, &txb, &rxb))
		return;
	/* the receive buffers are all outstanding (and zeroed) now */
	if (!queue_reset(t, &genv.net, NET_RXQ))
		return;
	/* traffic that would land in them: the reply to a request */
	if (!net_tx_batch(t, &n, 1))
		return;
	until = timer_deadline_ms(200);
	while (!timer_expired(until))
		if (virtq_drv_get(&n.q[NET_TXQ].drv, &len))
			tx_done++;
	PVC_CHECK(t, tx_done == 1, "transmit queue: %u of 1 buffers used while the receive queue was reset",
		  tx_done);
	for (unsigned i = 0; i < rx->num * NET_RXBUF; i++)
		written += n.rxbuf[i] != 0;
	PVC_CHECK(t, written == 0, "device wrote %u bytes into buffers of the reset queue", written);
	PVC_CHECK(t, !virtq_drv_more_used(&rx->drv), "a used element appeared on the reset queue");
	/* re-enable from the initial state: slot 0, wrap counters 1, nothing outstanding */
	while (virtq_drv_detach(&rx->drv))
		detached++;
	pvc_diag("%u receive buffers detached after the reset", detached);
	virtq_drv_reset(&rx->drv);
	gvq_reprogram(rx);
	pvc_diag("after re-enable: queue_reset reads %u, queue_enable %u",
		 vpci_common_read16(&genv.net, VPCI_Q_RESET), vpci_common_read16(&genv.net, VPCI_Q_ENABLE));
	if (!net_rx_fill(t, &n))
		return;
	net_arp_round(t, &n, 2, &txb, &rxb);
	PVC_CHECK(t, !virtq_drv_error(&rx->drv), "receive queue broken after re-enable: %s",
		  virtq_strerror(virtq_drv_error(&rx->drv)));
	vpci_reset(&genv.net);
}

PVC_TEST(queue_reset_packed, "VQP-DEV-034 VQP-DEV-035 VQP-DEV-036", "needs:virtio-net needs:ring-reset")
{
	if (genv_layout(t, true))
		ring_reset(t);
}

PVC_TEST(queue_reset_split, "VQS-DEV-020", "needs:virtio-net needs:ring-reset")
{
	if (genv_layout(t, false))
		ring_reset(t);
}
