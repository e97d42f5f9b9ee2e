// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_net.c - virtio-net-pci through the reference driver, against QEMU's
 * user-mode network (-netdev user,restrict=on): ARP requests for the
 * gateway 10.0.2.2 go out on the transmit queue, the replies come back on
 * the receive queue.  Nothing leaves QEMU.
 */
#include "net.h"
#include "lib/libc.h"

/* One request, one reply; the transmit buffer (header and frame) must be
 * unchanged when the device returns it. */
static void arp_gateway(struct pvc_t *t)
{
	struct net n;
	unsigned txb = 0, rxb = 0, changed = 0;
	uint8_t want[64];

	if (!net_start(t, &n, 0) || !net_rx_fill(t, &n))
		return;
	memcpy(want, net_arp_request(&n, 0), 64);
	if (!net_arp_round(t, &n, 1, &txb, &rxb))
		return;
	for (unsigned i = 0; i < NET_HDR_LEN + ARP_FRAME_LEN; i++)
		changed += n.txbuf[i] != want[i];
	PVC_CHECK(t, changed == 0, "device changed %u bytes of the device-readable frame", changed);
}

PVC_TEST(net_arp_gateway_packed, "VQP-DEV-011 VQP-DEV-015", "needs:virtio-net")
{
	if (genv_layout(t, true))
		arp_gateway(t);
}

PVC_TEST(net_arp_gateway_split, "VQS-DEV-001", "needs:virtio-net")
{
	if (genv_layout(t, false))
		arp_gateway(t);
}

/* Batches of transmit buffers with one kick each, enough rounds to wrap
 * both rings several times. */
static void tx_batches(struct pvc_t *t)
{
	struct net n;
	unsigned txb = 0, rxb = 0;

	if (!net_start(t, &n, 0) || !net_rx_fill(t, &n))
		return;
	for (unsigned r = 0; r < 8; r++)
		if (!net_arp_round(t, &n, NET_BATCH, &txb, &rxb))
			break;
	pvc_diag("tx: %u doorbells for %u kick checks; rx: %u doorbells for %u kick checks",
		 n.q[NET_TXQ].kicks, n.q[NET_TXQ].kick_checks, n.q[NET_RXQ].kicks,
		 n.q[NET_RXQ].kick_checks);
}

PVC_TEST(net_batches_wrap_packed, "VQP-DEV-006 VQP-DEV-007", "needs:virtio-net")
{
	if (genv_layout(t, true))
		tx_batches(t);
}

PVC_TEST(net_batches_wrap_split, "VQS-DEV-005", "needs:virtio-net")
{
	if (genv_layout(t, false))
		tx_batches(t);
}

/* Used length: 0 for a transmit buffer (nothing written), header + frame
 * for a receive buffer. */
static void net_used_len(struct pvc_t *t)
{
	struct net n;
	unsigned txb = 0, rxb = 0;

	if (!net_start(t, &n, 0) || !net_rx_fill(t, &n))
		return;
	if (!net_arp_round(t, &n, 4, &txb, &rxb))
		return;
	PVC_CHECK(t, txb == 0, "%u of 4 transmit buffers used with a non-zero length", txb);
	PVC_CHECK(t, rxb == 0, "%u receive buffers used with a length outside %u..%u", rxb,
		  NET_HDR_LEN + ARP_FRAME_LEN, NET_RXBUF);
	gvq_check_used_write(t, &n.q[NET_RXQ]);
}

PVC_TEST(net_used_len_packed, "VQP-DEV-016", "needs:virtio-net")
{
	if (genv_layout(t, true))
		net_used_len(t);
}

PVC_TEST(net_used_len_split, "VQS-DEV-006", "needs:virtio-net")
{
	if (genv_layout(t, false))
		net_used_len(t);
}
