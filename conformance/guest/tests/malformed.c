// SPDX-License-Identifier: GPL-2.0-only
/* malformed.c - injecting malformed requests and judging the device's reaction. */
#include "malformed.h"
#include "lib/io.h"
#include "lib/libc.h"

bool mal_start(struct pvc_t *t, struct mal *m, bool packed)
{
	if (!genv_layout(t, packed))
		return false;
	if (!genv.have_rng) {
		pvc_skip(t, "no virtio-rng-pci device in this configuration");
		return false;
	}
	m->buf = alloc_zeroed(MAL_BUF, 4096);
	m->table = alloc_zeroed(2 * MAL_TABLE * 16u, 16);
	m->ptable = (struct virtq_packed_desc *)m->table;
	if (!m->buf || !m->table) {
		pvc_error(t, "out of memory");
		return false;
	}
	memset(m->buf, MAL_CANARY, MAL_BUF);
	if (!genv_start(t, &genv.rng, 0, &m->q, 1))
		return false;
	(void)vpci_isr(&genv.rng);      /* read to clear: nothing pending from set-up */
	return true;
}

bool mal_need_indirect(struct pvc_t *t, bool want)
{
	if (genv.indirect == want)
		return true;
	pvc_skip(t, "INDIRECT_DESC %snegotiated in this configuration", genv.indirect ? "" : "not ");
	return false;
}

void mal_split_publish(struct mal *m, uint16_t head, uint16_t new_idx)
{
	volatile struct virtq_split_avail *a = m->q.cfg.driver.va;

	a->ring[0] = head;
	/* Release: descriptors and ring entry before the index that publishes
	 * them; pairs with the device's acquire read of avail idx. */
	__atomic_store_n(&a->idx, new_idx, __ATOMIC_RELEASE);
}

void mal_packed_desc(struct mal *m, uint16_t slot, uint64_t addr, uint32_t len, uint16_t id,
		     uint16_t flags)
{
	volatile struct virtq_packed_desc *d = (volatile struct virtq_packed_desc *)m->q.cfg.desc.va + slot;

	d->addr = addr;
	d->len = len;
	d->id = id;
	/* Release: addr/len/id before the flags that make the slot available;
	 * pairs with the device's acquire read of flags. */
	__atomic_store_n(&d->flags, flags, __ATOMIC_RELEASE);
}

/* Has the device written a used element (split idx, or slot 0 marked used)? */
static bool any_used(const struct mal *m)
{
	if (m->q.drv.layout == VIRTQ_LAYOUT_PACKED) {
		const volatile struct virtq_packed_desc *d = m->q.cfg.desc.va;
		uint16_t f = d->flags;

		return (f & VIRTQ_DESC_F_USED) != 0;    /* wrap counter 1: USED set means used */
	}
	return ((const volatile struct virtq_split_used *)m->q.cfg.device.va)->idx != 0;
}

uint8_t mal_observe(struct pvc_t *t, struct mal *m, const char *what, uint8_t *status, bool judge)
{
	const struct virtio_pci_dev *d = &genv.rng;
	uint64_t deadline;
	unsigned changed = 0;
	uint8_t st, isr;

	/* The device may take the malformed request before the notification
	 * (virtio-rng also pulls from its queue when entropy arrives), so what
	 * the ISR held since set-up counts too: reading it clears it. */
	isr = vpci_isr(d);
	vpci_notify(d, m->q.doorbell, m->q.index, virtq_drv_notify_data(&m->q.drv));
	deadline = timer_deadline_ms(500);
	while (!timer_expired(deadline) && !(vpci_get_status(d) & VIRTIO_STATUS_NEEDS_RESET) &&
	       !any_used(m))
		cpu_relax();
	st = vpci_get_status(d);
	/* The device sets DEVICE_NEEDS_RESET and then raises the configuration
	 * change notification: give the second step up to 100 ms to follow
	 * the first (ISR reads clear it, so accumulate them). */
	isr |= vpci_isr(d);
	deadline = timer_deadline_ms(100);
	while ((st & VIRTIO_STATUS_NEEDS_RESET) && !(isr & VIRTIO_ISR_CONFIG) && !timer_expired(deadline)) {
		cpu_relax();
		isr |= vpci_isr(d);
	}
	for (unsigned i = 0; i < MAL_BUF; i++)
		changed += m->buf[i] != MAL_CANARY;
	pvc_diag("%s: status 0x%02x, ISR 0x%02x, used element %s, %u buffer bytes changed", what, st,
		 isr, any_used(m) ? "written" : "none", changed);
	if (judge) {
		PVC_CHECK(t, !any_used(m), "%s: the device returned the request as used", what);
		PVC_CHECK(t, changed == 0, "%s: the device wrote %u bytes into buffers of the request",
			  what, changed);
		PVC_CHECK(t, st & VIRTIO_STATUS_NEEDS_RESET,
			  "%s: DEVICE_NEEDS_RESET not set (status 0x%02x)", what, st);
	}
	vpci_reset(d);
	*status = st;
	return isr;
}

uint8_t mal_judge(struct pvc_t *t, struct mal *m, const char *what)
{
	uint8_t st;

	return mal_observe(t, m, what, &st, true);
}
