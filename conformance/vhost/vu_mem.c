// SPDX-License-Identifier: GPL-2.0-only
/*
 * vu_mem.c - SET_MEM_TABLE: validate, map, translate (vu_mem.h).
 *
 * A hostile front-end may send regions that overlap, wrap around 2^64,
 * point past the end of their file, or come with the wrong number of
 * descriptors; each is refused before anything is mapped.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "vu_mem.h"

void vu_mem_init(struct vu_mem *m)
{
	memset(m, 0, sizeof(*m));
	m->map.regions = m->reg;
}

void vu_mem_clear(struct vu_mem *m)
{
	for (uint32_t i = 0; i < m->nspan; i++)
		munmap(m->span[i].base, m->span[i].len);
	vu_mem_init(m);
}

static bool overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* Files are told apart by device and inode: two descriptors of one memfd
 * name the same memory. */
struct vu_file {
	dev_t dev;
	ino_t ino;
	off_t size;
};

int vu_mem_set(struct vu_mem *m, const struct vu_mem_table *t, const int *fds,
	       unsigned nfds, char *err, size_t errlen)
{
	struct vu_mem nm;
	struct vu_file f[VU_MAX_REGIONS];
	uint32_t group[VU_MAX_REGIONS];
	long page = sysconf(_SC_PAGESIZE);
	uint32_t i, j;

	if (t->nregions == 0 || t->nregions > VU_MAX_REGIONS) {
		snprintf(err, errlen, "%u regions (1..%u allowed)", t->nregions, VU_MAX_REGIONS);
		return -1;
	}
	if (nfds != t->nregions) {
		snprintf(err, errlen, "%u regions but %u file descriptors", t->nregions, nfds);
		return -1;
	}
	for (i = 0; i < t->nregions; i++) {
		const struct vu_mem_region *r = &t->regions[i];
		struct stat st;

		if (!r->size || r->gpa > UINT64_MAX - r->size || r->uaddr > UINT64_MAX - r->size ||
		    r->mmap_offset > (uint64_t)INT64_MAX - r->size) {
			snprintf(err, errlen, "region %u: size 0 or range wraps (gpa 0x%llx uaddr 0x%llx size 0x%llx off 0x%llx)",
				 i, (unsigned long long)r->gpa, (unsigned long long)r->uaddr,
				 (unsigned long long)r->size, (unsigned long long)r->mmap_offset);
			return -1;
		}
		if (fstat(fds[i], &st) || !(S_ISREG(st.st_mode))) {
			snprintf(err, errlen, "region %u: descriptor is not a regular file (memfd)", i);
			return -1;
		}
		if ((uint64_t)st.st_size < r->mmap_offset + r->size) {
			snprintf(err, errlen, "region %u: offset 0x%llx + size 0x%llx beyond the file (0x%llx bytes)",
				 i, (unsigned long long)r->mmap_offset, (unsigned long long)r->size,
				 (unsigned long long)st.st_size);
			return -1;
		}
		f[i].dev = st.st_dev;
		f[i].ino = st.st_ino;
		f[i].size = st.st_size;
		for (j = 0; j < i; j++) {
			const struct vu_mem_region *o = &t->regions[j];

			if (overlap(r->gpa, r->size, o->gpa, o->size) ||
			    overlap(r->uaddr, r->size, o->uaddr, o->size)) {
				snprintf(err, errlen, "regions %u and %u overlap", j, i);
				return -1;
			}
		}
	}

	vu_mem_init(&nm);
	nm.n = t->nregions;
	memcpy(nm.wire, t->regions, sizeof(t->regions[0]) * t->nregions);
	/* group regions of one file with one gpa - offset relation */
	for (i = 0; i < t->nregions; i++) {
		const struct vu_mem_region *r = &t->regions[i];

		group[i] = UINT32_MAX;
		for (j = 0; j < i; j++) {
			const struct vu_mem_region *o = &t->regions[j];

			if (f[j].dev == f[i].dev && f[j].ino == f[i].ino &&
			    o->gpa - o->mmap_offset == r->gpa - r->mmap_offset) {
				group[i] = group[j];
				break;
			}
		}
		if (group[i] == UINT32_MAX)
			group[i] = nm.nspan++;
	}
	for (uint32_t g = 0; g < nm.nspan; g++) {
		uint64_t lo = UINT64_MAX, hi = 0, delta = 0;
		int fd = -1;
		void *p;

		for (i = 0; i < t->nregions; i++) {
			const struct vu_mem_region *r = &t->regions[i];

			if (group[i] != g)
				continue;
			if (r->mmap_offset < lo)
				lo = r->mmap_offset;
			delta = r->gpa - r->mmap_offset;   /* the same for the whole group */
			if (r->mmap_offset + r->size > hi)
				hi = r->mmap_offset + r->size;
			fd = fds[i];
		}
		lo &= ~(uint64_t)(page - 1);
		p = mmap(NULL, hi - lo, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)lo);
		if (p == MAP_FAILED) {
			snprintf(err, errlen, "mmap of 0x%llx bytes at offset 0x%llx failed",
				 (unsigned long long)(hi - lo), (unsigned long long)lo);
			nm.nspan = g;
			vu_mem_clear(&nm);
			return -1;
		}
		nm.span[g].base = p;
		nm.span[g].len = hi - lo;
		nm.span[g].gpa = delta + lo;
		if (nm.span[g].len > nm.span[nm.big].len)
			nm.big = g;
		for (i = 0; i < t->nregions; i++) {
			const struct vu_mem_region *r = &t->regions[i];

			if (group[i] != g)
				continue;
			nm.reg[i].gpa = r->gpa;
			nm.reg[i].size = r->size;
			nm.reg[i].hva = (char *)p + (r->mmap_offset - lo);
		}
	}
	nm.map.nregions = nm.n;
	vu_mem_clear(m);
	*m = nm;
	m->map.regions = m->reg;
	return 0;
}

void *vu_mem_uva(const struct vu_mem *m, uint64_t uaddr, uint64_t len)
{
	uint64_t gpa;

	if (!vu_mem_uva_to_gpa(m, uaddr, len, &gpa))
		return NULL;
	return virtq_mem_translate(&m->map, gpa, len);
}

bool vu_mem_uva_to_gpa(const struct vu_mem *m, uint64_t uaddr, uint64_t len, uint64_t *gpa)
{
	if (len > UINT64_MAX - uaddr)
		return false;
	for (uint32_t i = 0; i < m->n; i++) {
		const struct vu_mem_region *r = &m->wire[i];

		if (uaddr >= r->uaddr && uaddr - r->uaddr < r->size &&
		    len <= r->size - (uaddr - r->uaddr)) {
			*gpa = r->gpa + (uaddr - r->uaddr);
			return true;
		}
	}
	return false;
}
