// A writable filesystem for tests that log to files: littlefs on a RAM disk, mounted at / after each
// soft reset. The disk is static RAM outside the heap, so files outlive a soft reset as they would
// in a board's flash; QEMU starts each instance with it empty (it is formatted on first mount).

#include <string.h>

#include "py/runtime.h"
#include "py/mperrno.h"
#include "py/mphal.h"
#include "extmod/vfs.h"
#include "extmod/vfs_lfs.h"
#include "mpboard.h"

#if MICROPY_VFS_LFS2

#define MP_BOARD_DISK_BLOCK_SIZE (512)
#define MP_BOARD_DISK_BLOCKS (128)

static uint8_t mp_board_disk[MP_BOARD_DISK_BLOCKS * MP_BOARD_DISK_BLOCK_SIZE];

typedef struct _mp_board_disk_obj_t {
    mp_obj_base_t base;
} mp_board_disk_obj_t;

// Where a read or write of len bytes at block (and offset, for littlefs) lands on the disk.
static uint8_t *mp_board_disk_at(size_t n_args, const mp_obj_t *args, size_t len) {
    size_t at = mp_obj_get_int(args[1]) * MP_BOARD_DISK_BLOCK_SIZE + (n_args > 3 ? mp_obj_get_int(args[3]) : 0);
    if (at > sizeof(mp_board_disk) || len > sizeof(mp_board_disk) - at) {
        mp_raise_OSError(MP_EIO);
    }
    return mp_board_disk + at;
}

static mp_obj_t mp_board_disk_readblocks(size_t n_args, const mp_obj_t *args) {
    mp_buffer_info_t buf;
    mp_get_buffer_raise(args[2], &buf, MP_BUFFER_WRITE);
    memcpy(buf.buf, mp_board_disk_at(n_args, args, buf.len), buf.len);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(mp_board_disk_readblocks_obj, 3, 4, mp_board_disk_readblocks);

static mp_obj_t mp_board_disk_writeblocks(size_t n_args, const mp_obj_t *args) {
    mp_buffer_info_t buf;
    mp_get_buffer_raise(args[2], &buf, MP_BUFFER_READ);
    memcpy(mp_board_disk_at(n_args, args, buf.len), buf.buf, buf.len);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(mp_board_disk_writeblocks_obj, 3, 4, mp_board_disk_writeblocks);

static mp_obj_t mp_board_disk_ioctl(mp_obj_t self_in, mp_obj_t op_in, mp_obj_t arg_in) {
    (void)self_in;
    (void)arg_in;
    switch (mp_obj_get_int(op_in)) {
        case MP_BLOCKDEV_IOCTL_BLOCK_COUNT:
            return MP_OBJ_NEW_SMALL_INT(MP_BOARD_DISK_BLOCKS);
        case MP_BLOCKDEV_IOCTL_BLOCK_SIZE:
            return MP_OBJ_NEW_SMALL_INT(MP_BOARD_DISK_BLOCK_SIZE);
        default:
            // Init, deinit, sync and erase: nothing to do in RAM.
            return MP_OBJ_NEW_SMALL_INT(0);
    }
}
static MP_DEFINE_CONST_FUN_OBJ_3(mp_board_disk_ioctl_obj, mp_board_disk_ioctl);

static const mp_rom_map_elem_t mp_board_disk_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_readblocks), MP_ROM_PTR(&mp_board_disk_readblocks_obj) },
    { MP_ROM_QSTR(MP_QSTR_writeblocks), MP_ROM_PTR(&mp_board_disk_writeblocks_obj) },
    { MP_ROM_QSTR(MP_QSTR_ioctl), MP_ROM_PTR(&mp_board_disk_ioctl_obj) },
};
static MP_DEFINE_CONST_DICT(mp_board_disk_locals_dict, mp_board_disk_locals_dict_table);

static MP_DEFINE_CONST_OBJ_TYPE(
    mp_board_disk_type,
    MP_QSTR_RAMDisk,
    MP_TYPE_FLAG_NONE,
    locals_dict, &mp_board_disk_locals_dict
    );

static const mp_board_disk_obj_t mp_board_disk_obj = { { &mp_board_disk_type } };

static void mp_board_disk_mkfs(mp_obj_t disk) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_call_function_1(mp_load_attr(MP_OBJ_FROM_PTR(&mp_type_vfs_lfs2), MP_QSTR_mkfs), disk);
        nlr_pop();
    }
}

// littlefs stamps files with the time: the board has no calendar, so time since boot.
uint64_t mp_hal_time_ns(void) {
    return (uint64_t)mp_hal_ticks_ms() * 1000000;
}

void mp_board_vfs_mount(void) {
    mp_obj_t disk = MP_OBJ_FROM_PTR(&mp_board_disk_obj);
    mp_obj_t root = MP_OBJ_NEW_QSTR(MP_QSTR__slash_);
    if (mp_vfs_mount_and_chdir_protected(disk, root) == -MP_ENODEV) {
        mp_board_disk_mkfs(disk);
        mp_vfs_mount_and_chdir_protected(disk, root);
    }
}

#else

void mp_board_vfs_mount(void) {
}

#endif // MICROPY_VFS_LFS2
