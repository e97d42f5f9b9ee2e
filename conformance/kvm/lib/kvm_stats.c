// SPDX-License-Identifier: GPL-2.0-only
/*
 * kvm_stats.c - vCPU statistics through KVM_GET_STATS_FD (binary stats,
 * Linux Documentation/virt/kvm/api.rst "KVM_GET_STATS_FD"): a header, an
 * array of descriptors (each followed by its name of header.name_size
 * bytes) and the data block; a descriptor's offset is relative to the data.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kvm_vm.h"

static int stats_open(struct kvm_vcpu *v)
{
	struct kvm_stats_header h;
	size_t sz;
	int fd;

	fd = ioctl(v->fd, KVM_GET_STATS_FD, 0);
	if (fd < 0)
		return -1;
	if (pread(fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h))
		goto err;
	v->stats_desc_size = (uint32_t)sizeof(struct kvm_stats_desc) + h.name_size;
	v->stats_num = h.num_desc;
	v->stats_data_off = h.data_offset;
	sz = (size_t)v->stats_desc_size * h.num_desc;
	v->stats_desc = malloc(sz ? sz : 1);
	if (!v->stats_desc || pread(fd, v->stats_desc, sz, h.desc_offset) != (ssize_t)sz)
		goto err;
	v->stats_fd = fd;
	return 0;
err:
	free(v->stats_desc);
	v->stats_desc = NULL;
	close(fd);
	return -1;
}

int kvm_vcpu_stat(struct kvm_vcpu *v, const char *name, uint64_t *val)
{
	if (v->stats_fd < 0 && stats_open(v))
		return -1;
	for (uint32_t i = 0; i < v->stats_num; i++) {
		const struct kvm_stats_desc *d =
			(const void *)((const char *)v->stats_desc + (size_t)i * v->stats_desc_size);

		if (strcmp(d->name, name))
			continue;
		if (pread(v->stats_fd, val, sizeof(*val), v->stats_data_off + d->offset) !=
		    (ssize_t)sizeof(*val))
			return -1;
		return 0;
	}
	errno = ENOENT;
	return -1;
}
