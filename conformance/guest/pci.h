/* SPDX-License-Identifier: GPL-2.0-only */
/* pci.h - PCI configuration space through ports 0xcf8/0xcfc (mechanism #1). */
#ifndef GUEST_PCI_H
#define GUEST_PCI_H

#include <stdint.h>
#include <stdbool.h>

#define PCI_VENDOR_ID       0x00
#define PCI_DEVICE_ID       0x02
#define PCI_COMMAND         0x04
#define PCI_STATUS          0x06
#define PCI_HEADER_TYPE     0x0e
#define PCI_BAR0            0x10
#define PCI_SUBSYSTEM_ID    0x2e
#define PCI_CAP_PTR         0x34

#define PCI_COMMAND_MEMORY  0x0002
#define PCI_COMMAND_MASTER  0x0004
#define PCI_COMMAND_INTX_DISABLE 0x0400
#define PCI_STATUS_CAP_LIST 0x0010

#define PCI_CAP_ID_VNDR     0x09

struct pci_addr {
	uint8_t bus, dev, fn;
};

uint32_t pci_read32(struct pci_addr a, uint8_t off);
uint16_t pci_read16(struct pci_addr a, uint8_t off);
uint8_t pci_read8(struct pci_addr a, uint8_t off);
void pci_write32(struct pci_addr a, uint8_t off, uint32_t v);
void pci_write16(struct pci_addr a, uint8_t off, uint16_t v);

/* Base address of memory BAR n (64-bit BARs joined), 0 if not a memory BAR. */
uint64_t pci_bar_addr(struct pci_addr a, unsigned n);

/* Call fn for every function on bus 0..255 that answers; stop when fn returns true. */
void pci_scan(bool (*fn)(struct pci_addr a, uint16_t vendor, uint16_t device, void *arg), void *arg);

#endif /* GUEST_PCI_H */
