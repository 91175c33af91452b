// Memory slabs and heaps.
//
// Slabs never allocate: their blocks come from the static buffer of
// K_MEM_SLAB_DEFINE. Heaps are budgets over the port's heap hooks; each
// allocation carries a small header naming its heap and size, so k_free and
// the leak hooks know where it came from.

#include "zephyr_ble_hal_internal.h"

static struct k_mem_slab *slab_list;
static struct k_heap *heap_list;

// ---------------------------------------------------------------------------
// Memory slabs

int k_mem_slab_init(struct k_mem_slab *slab, void *buffer, size_t block_size, uint32_t num_blocks) {
    if (block_size < sizeof(void *) || block_size % sizeof(void *) != 0
        || (uintptr_t)buffer % sizeof(void *) != 0) {
        return -EINVAL;
    }
    slab->buffer = buffer;
    slab->block_size = block_size;
    slab->num_blocks = num_blocks;
    slab->num_used = 0;
    slab->max_used = 0;
    slab->num_carved = 0;
    slab->free_list = NULL;
    return 0;
}

static bool slab_try_alloc(void *arg) {
    void **req = arg;
    struct k_mem_slab *slab = req[0];
    void *block;
    if (slab->free_list != NULL) {
        block = slab->free_list;
        slab->free_list = *(void **)block;
    } else if (slab->num_carved < slab->num_blocks) {
        block = slab->buffer + (size_t)slab->num_carved++ * slab->block_size;
    } else {
        return false;
    }
    if (++slab->num_used > slab->max_used) {
        slab->max_used = slab->num_used;
    }
    if (!slab->registered) {
        slab->registered = true;
        slab->next_slab = slab_list;
        slab_list = slab;
    }
    req[1] = block;
    return true;
}

int k_mem_slab_alloc(struct k_mem_slab *slab, void **mem, k_timeout_t timeout) {
    void *req[2] = { slab, NULL };
    int err = mp_zb_wait(slab_try_alloc, req, timeout);
    *mem = req[1];
    return err == -EBUSY ? -ENOMEM : err;
}

void k_mem_slab_free(struct k_mem_slab *slab, void *mem) {
    if (mem == NULL) {
        return;
    }
    *(void **)mem = slab->free_list;
    slab->free_list = mem;
    --slab->num_used;
}

struct k_mem_slab *mp_bluetooth_zephyr_hal_slab_next(struct k_mem_slab *prev) {
    return prev == NULL ? slab_list : prev->next_slab;
}

size_t mp_bluetooth_zephyr_hal_slab_used_total(void) {
    size_t n = 0;
    for (struct k_mem_slab *s = slab_list; s != NULL; s = s->next_slab) {
        n += s->num_used;
    }
    return n;
}

// ---------------------------------------------------------------------------
// Heaps

typedef union {
    struct {
        struct k_heap *heap;
        size_t size;
    } h;
    union mp_zb_max_align align;
} heap_hdr_t;

#if defined(CONFIG_HEAP_MEM_POOL_SIZE) && CONFIG_HEAP_MEM_POOL_SIZE > 0
#define SYSTEM_HEAP_LIMIT ((size_t)CONFIG_HEAP_MEM_POOL_SIZE)
#else
#define SYSTEM_HEAP_LIMIT SIZE_MAX
#endif

static struct k_heap system_heap = Z_HEAP_INITIALIZER(SYSTEM_HEAP_LIMIT);

void k_heap_init(struct k_heap *h, void *mem, size_t bytes) {
    (void)mem;
    h->limit = bytes;
    h->used = 0;
    h->allocs = 0;
}

static void *heap_try_alloc(struct k_heap *h, size_t bytes) {
    if (bytes > h->limit - h->used || bytes > SIZE_MAX - sizeof(heap_hdr_t)) {
        return NULL;
    }
    heap_hdr_t *hdr = mp_bluetooth_zephyr_port_malloc(sizeof(heap_hdr_t) + bytes);
    if (hdr == NULL) {
        return NULL;
    }
    hdr->h.heap = h;
    hdr->h.size = bytes;
    h->used += bytes;
    ++h->allocs;
    if (!h->registered) {
        h->registered = true;
        h->next_heap = heap_list;
        heap_list = h;
    }
    return hdr + 1;
}

struct heap_req {
    struct k_heap *heap;
    size_t bytes;
    void *mem;
};

static bool heap_try(void *arg) {
    struct heap_req *req = arg;
    req->mem = heap_try_alloc(req->heap, req->bytes);
    return req->mem != NULL;
}

void *k_heap_alloc(struct k_heap *h, size_t bytes, k_timeout_t timeout) {
    struct heap_req req = { h, bytes, NULL };
    (void)mp_zb_wait(heap_try, &req, timeout);
    return req.mem;
}

void *k_heap_aligned_alloc(struct k_heap *h, size_t align, size_t bytes, k_timeout_t timeout) {
    if (align > MP_BLUETOOTH_ZEPHYR_HEAP_ALIGN) {
        return NULL;
    }
    return k_heap_alloc(h, bytes, timeout);
}

void *k_heap_calloc(struct k_heap *h, size_t num, size_t size, k_timeout_t timeout) {
    if (size != 0 && num > SIZE_MAX / size) {
        return NULL;
    }
    void *mem = k_heap_alloc(h, num * size, timeout);
    if (mem != NULL) {
        memset(mem, 0, num * size);
    }
    return mem;
}

// The header names the heap, so the h argument only has to be consistent.
void k_heap_free(struct k_heap *h, void *mem) {
    (void)h;
    if (mem == NULL) {
        return;
    }
    heap_hdr_t *hdr = (heap_hdr_t *)mem - 1;
    hdr->h.heap->used -= hdr->h.size;
    --hdr->h.heap->allocs;
    mp_bluetooth_zephyr_port_free(hdr);
}

void *k_malloc(size_t size) {
    return k_heap_alloc(&system_heap, size, K_NO_WAIT);
}

void *k_calloc(size_t nmemb, size_t size) {
    return k_heap_calloc(&system_heap, nmemb, size, K_NO_WAIT);
}

void *k_aligned_alloc(size_t align, size_t size) {
    return k_heap_aligned_alloc(&system_heap, align, size, K_NO_WAIT);
}

void k_free(void *ptr) {
    k_heap_free(NULL, ptr);
}

size_t mp_bluetooth_zephyr_hal_heap_used_total(void) {
    size_t n = 0;
    for (struct k_heap *h = heap_list; h != NULL; h = h->next_heap) {
        n += h->used;
    }
    return n;
}
