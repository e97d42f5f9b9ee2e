// SPDX-License-Identifier: GPL-2.0-only
/* net.c - virtio-net helpers of the tests (ARP to the user-mode gateway). */
#include "net.h"
#include "lib/libc.h"

static const uint8_t guest_ip[4] = { 10, 0, 2, 15 };
static const uint8_t gw_ip[4] = { 10, 0, 2, 2 };



bool net_start(struct pvc_t *t, struct net *n, uint64_t extra)
{
	static const uint8_t default_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

	if (!genv.have_net) {
		pvc_skip(t, "no virtio-net-pci device in this configuration");
		return false;
	}
	if (!genv_start(t, &genv.net, VIRTIO_BIT(VIRTIO_NET_F_MAC) | extra, n->q, 2))
		return false;
	for (unsigned i = 0; i < 6; i++)
		n->mac[i] = virtio_has_feature(genv.net.features, VIRTIO_NET_F_MAC) ?
			    vpci_cfg8(&genv.net, i) : default_mac[i];
	n->rxbuf = alloc_zeroed((size_t)n->q[NET_RXQ].num * NET_RXBUF, 4096);
	n->txbuf = alloc_zeroed(NET_BATCH * 64u, 64);
	if (!n->rxbuf || !n->txbuf) {
		pvc_error(t, "out of memory");
		return false;
	}
	return true;
}

/* Post receive buffer i (device-writable, header + frame). */
bool net_rx_post(struct pvc_t *t, struct net *n, unsigned i)
{
	struct virtq_sg sg = { gvq_dma(n->rxbuf + (size_t)i * NET_RXBUF), NET_RXBUF };
	int err = gvq_add(&n->q[NET_RXQ], &sg, 0, 1, n->rxbuf + (size_t)i * NET_RXBUF, false);

	return PVC_CHECK(t, err == 0, "rx add %u: %s", i, virtq_strerror(err));
}

bool net_rx_fill(struct pvc_t *t, struct net *n)
{
	for (unsigned i = 0; i < n->q[NET_RXQ].num; i++)
		if (!net_rx_post(t, n, i))
			return false;
	gvq_kick(&n->q[NET_RXQ]);
	return true;
}

/* An ARP request "who has 10.0.2.2 tell 10.0.2.15" behind a zeroed header. */
uint8_t *net_arp_request(struct net *n, unsigned k)
{
	uint8_t *f = n->txbuf + k * 64u, *e = f + NET_HDR_LEN;

	memset(f, 0, 64);
	memset(e, 0xff, 6);
	memcpy(e + 6, n->mac, 6);
	e[12] = 0x08; e[13] = 0x06;               /* ARP */
	e[14] = 0; e[15] = 1;                      /* Ethernet */
	e[16] = 0x08; e[17] = 0x00;                /* IPv4 */
	e[18] = 6; e[19] = 4;
	e[20] = 0; e[21] = 1;                      /* request */
	memcpy(e + 22, n->mac, 6);
	memcpy(e + 28, guest_ip, 4);
	memset(e + 32, 0, 6);
	memcpy(e + 38, gw_ip, 4);
	return f;
}

/* Is frame (after the virtio-net header) an ARP reply from 10.0.2.2 to us? */
bool net_is_gw_reply(const struct net *n, const uint8_t *f)
{
	const uint8_t *e = f + NET_HDR_LEN;

	return !memcmp(e, n->mac, 6) && e[12] == 0x08 && e[13] == 0x06 && e[20] == 0 &&
	       e[21] == 2 && !memcmp(e + 28, gw_ip, 4) && !memcmp(e + 38, guest_ip, 4);
}

/* Send cnt ARP requests (header and frame as two descriptors), one kick. */
bool net_tx_batch(struct pvc_t *t, struct net *n, unsigned cnt)
{
	for (unsigned k = 0; k < cnt; k++) {
		uint8_t *f = net_arp_request(n, k);
		struct virtq_sg sg[2] = {
			{ gvq_dma(f), NET_HDR_LEN },
			{ gvq_dma(f + NET_HDR_LEN), ARP_FRAME_LEN },
		};
		int err = gvq_add(&n->q[NET_TXQ], sg, 2, 0, f, genv.indirect);

		if (!PVC_CHECK(t, err == 0, "tx add %u: %s", k, virtq_strerror(err)))
			return false;
	}
	gvq_kick(&n->q[NET_TXQ]);
	return true;
}

/*
 * cnt requests out, cnt replies back.  tx_len/rx_len count used lengths
 * that differ from what the device wrote (0 for transmit buffers, header
 * plus frame for receive buffers, at least a 42-byte ARP frame).
 */
bool net_arp_round(struct pvc_t *t, struct net *n, unsigned cnt, unsigned *tx_len_bad,
		      unsigned *rx_len_bad)
{
	unsigned tx_done = 0, replies = 0;
	uint64_t deadline = timer_deadline_ms(3000);
	uint8_t seen[NET_BATCH] = { 0 };

	if (!net_tx_batch(t, n, cnt))
		return false;
	while ((tx_done < cnt || replies < cnt) && !timer_expired(deadline)) {
		uint32_t len = 0;
		void *tok = gvq_get(&n->q[NET_TXQ], &len);

		if (tok) {
			unsigned k = (unsigned)(((uint8_t *)tok - n->txbuf) / 64u);

			if (!PVC_CHECK(t, k < cnt && !seen[k], "tx: used buffer %p not outstanding", tok))
				return false;
			seen[k] = 1;
			tx_done++;
			if (len != 0)
				(*tx_len_bad)++;
		}
		tok = gvq_get(&n->q[NET_RXQ], &len);
		if (tok) {
			unsigned i = (unsigned)(((uint8_t *)tok - n->rxbuf) / NET_RXBUF);

			if (net_is_gw_reply(n, tok))
				replies++;
			if (len < NET_HDR_LEN + ARP_FRAME_LEN || len > NET_RXBUF)
				(*rx_len_bad)++;
			memset(tok, 0, NET_RXBUF);
			if (!net_rx_post(t, n, i))
				return false;
			gvq_kick(&n->q[NET_RXQ]);
		}
		if (virtq_drv_error(&n->q[NET_TXQ].drv) || virtq_drv_error(&n->q[NET_RXQ].drv))
			break;
	}
	PVC_CHECK(t, !virtq_drv_error(&n->q[NET_TXQ].drv), "tx queue broken: %s",
		  virtq_strerror(virtq_drv_error(&n->q[NET_TXQ].drv)));
	PVC_CHECK(t, !virtq_drv_error(&n->q[NET_RXQ].drv), "rx queue broken: %s",
		  virtq_strerror(virtq_drv_error(&n->q[NET_RXQ].drv)));
	PVC_CHECK(t, tx_done == cnt, "%u of %u transmit buffers used", tx_done, cnt);
	/* more than asked for: replies held back by QEMU while a queue was
	 * reset are delivered once it is enabled again */
	if (replies > cnt)
		pvc_diag("%u ARP replies for %u requests", replies, cnt);
	return PVC_CHECK(t, replies >= cnt, "%u of %u ARP replies from 10.0.2.2", replies, cnt);
}

