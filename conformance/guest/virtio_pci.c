// SPDX-License-Identifier: GPL-2.0-only
/* virtio_pci.c - virtio 1.x over PCI (virtio spec, "Virtio Over PCI Bus"). */
#include "virtio_pci.h"
#include "lib/io.h"
#include "lib/libc.h"
#include "virtio_features.h"

struct find_arg {
	uint16_t type;
	unsigned idx;
	struct virtio_pci_dev *d;
	bool found;
};

static uint16_t virtio_type(struct pci_addr a, uint16_t device)
{
	if (device >= 0x1040 && device <= 0x107f)
		return (uint16_t)(device - 0x1040);       /* modern device ID */
	if (device >= 0x1000 && device <= 0x103f)
		return pci_read16(a, PCI_SUBSYSTEM_ID);   /* transitional: subsystem ID */
	return 0;
}

/* Walk the vendor capabilities; keep the first of each structure type. */
static bool parse_caps(struct virtio_pci_dev *d)
{
	uint8_t pos;
	unsigned guard = 0;

	if (!(pci_read16(d->pci, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return false;
	for (pos = pci_read8(d->pci, PCI_CAP_PTR) & 0xfc; pos && guard < 48; guard++) {
		uint8_t id = pci_read8(d->pci, pos);
		uint8_t next = pci_read8(d->pci, (uint8_t)(pos + 1)) & 0xfc;

		if (id == PCI_CAP_ID_VNDR) {
			uint8_t cfg_type = pci_read8(d->pci, (uint8_t)(pos + 3));
			uint8_t bar = pci_read8(d->pci, (uint8_t)(pos + 4));
			uint32_t off = pci_read32(d->pci, (uint8_t)(pos + 8));
			uint32_t len = pci_read32(d->pci, (uint8_t)(pos + 12));
			uint64_t base = bar <= 5 ? pci_bar_addr(d->pci, bar) : 0;
			uintptr_t va = base ? (uintptr_t)(base + off) : 0;

			switch (cfg_type) {
			case VIRTIO_PCI_CAP_COMMON_CFG:
				if (!d->common) {
					d->common = va;
					d->common_len = len;
				}
				break;
			case VIRTIO_PCI_CAP_NOTIFY_CFG:
				if (!d->notify) {
					d->notify = va;
					d->notify_len = len;
					d->notify_mult = pci_read32(d->pci, (uint8_t)(pos + 16));
				}
				break;
			case VIRTIO_PCI_CAP_ISR_CFG:
				if (!d->isr)
					d->isr = va;
				break;
			case VIRTIO_PCI_CAP_DEVICE_CFG:
				if (!d->devcfg) {
					d->devcfg = va;
					d->devcfg_len = len;
				}
				break;
			default:
				break;
			}
		}
		pos = next;
	}
	return d->common && d->notify && d->isr;
}

static bool find_cb(struct pci_addr a, uint16_t vendor, uint16_t device, void *arg)
{
	struct find_arg *f = arg;
	uint16_t cmd;

	if (vendor != VIRTIO_PCI_VENDOR || virtio_type(a, device) != f->type)
		return false;
	if (f->idx--)
		return false;
	memset(f->d, 0, sizeof(*f->d));
	f->d->pci = a;
	f->d->pci_device_id = device;
	f->d->type = f->type;
	/* Memory decoding for the BARs, bus mastering for the rings (DMA). */
	cmd = pci_read16(a, PCI_COMMAND);
	pci_write16(a, PCI_COMMAND, (uint16_t)(cmd | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER));
	f->found = parse_caps(f->d);
	return true;
}

bool vpci_find(uint16_t type, unsigned idx, struct virtio_pci_dev *d)
{
	struct find_arg f = { type, idx, d, false };

	pci_scan(find_cb, &f);
	return f.found;
}

static uint32_t common_read32(const struct virtio_pci_dev *d, uint32_t off)
{
	return mmio_read32(d->common + off);
}

static void common_write32(const struct virtio_pci_dev *d, uint32_t off, uint32_t v)
{
	mmio_write32(d->common + off, v);
}

uint16_t vpci_common_read16(const struct virtio_pci_dev *d, uint32_t off)
{
	return mmio_read16(d->common + off);
}

void vpci_common_write16(const struct virtio_pci_dev *d, uint32_t off, uint16_t v)
{
	mmio_write16(d->common + off, v);
}

/* 64-bit fields are written as two 32-bit halves, low first. */
static void common_write64(const struct virtio_pci_dev *d, uint32_t off, uint64_t v)
{
	common_write32(d, off, (uint32_t)v);
	common_write32(d, off + 4, (uint32_t)(v >> 32));
}

uint8_t vpci_get_status(const struct virtio_pci_dev *d)
{
	return mmio_read8(d->common + VPCI_STATUS);
}

void vpci_set_status(const struct virtio_pci_dev *d, uint8_t s)
{
	mmio_write8(d->common + VPCI_STATUS, s);
}

bool vpci_reset(const struct virtio_pci_dev *d)
{
	uint64_t deadline = timer_deadline_ms(2000);

	vpci_set_status(d, 0);
	/* The reset is complete when the device reads back 0. */
	while (vpci_get_status(d) != 0) {
		if (timer_expired(deadline))
			return false;
		cpu_relax();
	}
	return true;
}

uint64_t vpci_read_dev_features(const struct virtio_pci_dev *d)
{
	uint64_t f;

	common_write32(d, VPCI_DFSELECT, 0);
	f = common_read32(d, VPCI_DF);
	common_write32(d, VPCI_DFSELECT, 1);
	f |= (uint64_t)common_read32(d, VPCI_DF) << 32;
	return f;
}

void vpci_write_drv_features(const struct virtio_pci_dev *d, uint64_t f)
{
	common_write32(d, VPCI_GFSELECT, 0);
	common_write32(d, VPCI_GF, (uint32_t)f);
	common_write32(d, VPCI_GFSELECT, 1);
	common_write32(d, VPCI_GF, (uint32_t)(f >> 32));
}

uint64_t vpci_read_drv_features(const struct virtio_pci_dev *d)
{
	uint64_t f;

	common_write32(d, VPCI_GFSELECT, 0);
	f = common_read32(d, VPCI_GF);
	common_write32(d, VPCI_GFSELECT, 1);
	f |= (uint64_t)common_read32(d, VPCI_GF) << 32;
	return f;
}

int vpci_negotiate(struct virtio_pci_dev *d, uint64_t want)
{
	uint8_t st;

	if (!vpci_reset(d))
		return -2;
	vpci_set_status(d, VIRTIO_STATUS_ACKNOWLEDGE);
	vpci_set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	d->dev_features = vpci_read_dev_features(d);
	/* Accept only what was offered (FEAT: a driver never accepts an unoffered bit). */
	d->features = want & d->dev_features;
	vpci_write_drv_features(d, d->features);
	st = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK;
	vpci_set_status(d, st);
	/* Re-read: the device clears FEATURES_OK if it rejects the subset. */
	if (!(vpci_get_status(d) & VIRTIO_STATUS_FEATURES_OK))
		return -1;
	return 0;
}

uint16_t vpci_num_queues(const struct virtio_pci_dev *d)
{
	return vpci_common_read16(d, VPCI_NUMQ);
}

uint16_t vpci_queue_max(const struct virtio_pci_dev *d, uint16_t q)
{
	vpci_common_write16(d, VPCI_Q_SELECT, q);
	return vpci_common_read16(d, VPCI_Q_SIZE);
}

uintptr_t vpci_queue_setup(const struct virtio_pci_dev *d, uint16_t q, uint16_t size,
			   uint64_t desc, uint64_t driver, uint64_t device)
{
	uint16_t noff;

	vpci_common_write16(d, VPCI_Q_SELECT, q);
	vpci_common_write16(d, VPCI_Q_SIZE, size);
	/* No MSI-X: completions are polled, the ISR is read directly. */
	vpci_common_write16(d, VPCI_Q_MSIX, VIRTIO_MSI_NO_VECTOR);
	common_write64(d, VPCI_Q_DESCLO, desc);
	common_write64(d, VPCI_Q_AVAILLO, driver);
	common_write64(d, VPCI_Q_USEDLO, device);
	noff = vpci_common_read16(d, VPCI_Q_NOFF);
	vpci_common_write16(d, VPCI_Q_ENABLE, 1);
	return d->notify + (uintptr_t)noff * d->notify_mult;
}

void vpci_notify(const struct virtio_pci_dev *d, uintptr_t doorbell, uint16_t q, uint32_t data)
{
	/*
	 * The ring stores this doorbell announces were ordered before it by
	 * the full barrier in virtq_drv_kick_prepare(); x86 does not reorder
	 * stores, so only the compiler must be kept from sinking them here.
	 */
	compiler_barrier();
	if (virtio_has_feature(d->features, VIRTIO_F_NOTIFICATION_DATA))
		mmio_write32(doorbell, data);
	else
		mmio_write16(doorbell, q);
}

uint8_t vpci_isr(const struct virtio_pci_dev *d)
{
	return mmio_read8(d->isr);
}

/* Device-specific configuration: retried while config_generation changes. */
uint8_t vpci_cfg8(const struct virtio_pci_dev *d, uint32_t off)
{
	return mmio_read8(d->devcfg + off);
}

uint16_t vpci_cfg16(const struct virtio_pci_dev *d, uint32_t off)
{
	return mmio_read16(d->devcfg + off);
}

uint32_t vpci_cfg32(const struct virtio_pci_dev *d, uint32_t off)
{
	return mmio_read32(d->devcfg + off);
}

uint64_t vpci_cfg64(const struct virtio_pci_dev *d, uint32_t off)
{
	uint8_t gen;
	uint64_t v;

	do {
		gen = mmio_read8(d->common + VPCI_CFGGEN);
		v = mmio_read32(d->devcfg + off);
		v |= (uint64_t)mmio_read32(d->devcfg + off + 4) << 32;
	} while (gen != mmio_read8(d->common + VPCI_CFGGEN));
	return v;
}
