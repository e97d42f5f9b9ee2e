// SPDX-License-Identifier: GPL-2.0-only
/* pci.c - configuration mechanism #1 and a brute-force bus scan. */
#include "pci.h"
#include "lib/io.h"

#define PCI_CFG_ADDR 0xcf8
#define PCI_CFG_DATA 0xcfc

static void select_reg(struct pci_addr a, uint8_t off)
{
	outl(PCI_CFG_ADDR, 0x80000000u | (uint32_t)a.bus << 16 | (uint32_t)a.dev << 11 |
			   (uint32_t)a.fn << 8 | (off & 0xfcu));
}

uint32_t pci_read32(struct pci_addr a, uint8_t off)
{
	select_reg(a, off);
	return inl(PCI_CFG_DATA);
}

uint16_t pci_read16(struct pci_addr a, uint8_t off)
{
	select_reg(a, off);
	return inw((uint16_t)(PCI_CFG_DATA + (off & 2u)));
}

uint8_t pci_read8(struct pci_addr a, uint8_t off)
{
	select_reg(a, off);
	return inb((uint16_t)(PCI_CFG_DATA + (off & 3u)));
}

void pci_write32(struct pci_addr a, uint8_t off, uint32_t v)
{
	select_reg(a, off);
	outl(PCI_CFG_DATA, v);
}

void pci_write16(struct pci_addr a, uint8_t off, uint16_t v)
{
	select_reg(a, off);
	outw((uint16_t)(PCI_CFG_DATA + (off & 2u)), v);
}

uint64_t pci_bar_addr(struct pci_addr a, unsigned n)
{
	uint8_t off = (uint8_t)(PCI_BAR0 + 4 * n);
	uint32_t lo = pci_read32(a, off);
	uint64_t addr;

	if (n > 5 || (lo & 1u))
		return 0;                   /* I/O BAR */
	addr = lo & ~0xfull;
	if (((lo >> 1) & 3u) == 2u && n < 5)
		addr |= (uint64_t)pci_read32(a, (uint8_t)(off + 4)) << 32;
	return addr;
}

void pci_scan(bool (*fn)(struct pci_addr a, uint16_t vendor, uint16_t device, void *arg), void *arg)
{
	for (unsigned bus = 0; bus < 256; bus++) {
		for (unsigned dev = 0; dev < 32; dev++) {
			for (unsigned f = 0; f < 8; f++) {
				struct pci_addr a = { (uint8_t)bus, (uint8_t)dev, (uint8_t)f };
				uint16_t vendor = pci_read16(a, PCI_VENDOR_ID);

				if (vendor == 0xffff) {
					if (f == 0)
						break;
					continue;
				}
				if (fn(a, vendor, pci_read16(a, PCI_DEVICE_ID), arg))
					return;
				if (f == 0 && !(pci_read8(a, PCI_HEADER_TYPE) & 0x80))
					break;
			}
		}
	}
}
