//! A decompression bomb is refused from its header, with no large allocation:
//! this test binary counts every byte the checker allocates.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, recording the largest single allocation.
struct Counting;

static LARGEST: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LARGEST.fetch_max(new_size, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// A baseline JPEG frame header declaring `w` × `h`, then a scan and an end.
fn jpeg_declaring(w: u16, h: u16) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8];
    out.extend([0xFF, 0xC0, 0, 11, 8]);
    out.extend(h.to_be_bytes());
    out.extend(w.to_be_bytes());
    out.extend([1, 1, 0x11, 0]);
    out.extend([0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0]);
    out.extend([0, 0, 0xFF, 0xD9]);
    out
}

#[test]
fn bombs_are_refused_without_a_large_allocation() {
    // A real bomb's IDAT: a deflate stream of zeros, 1 MiB here.
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut z, &vec![0u8; 1 << 20]).unwrap();
    let png = common::png_declaring(60_000, 60_000, 6, &z.finish().unwrap());
    let jpeg = jpeg_declaring(65_000, 65_000);
    LARGEST.store(0, Ordering::Relaxed);
    let e = bookpack::images::inspect("bomb.png", &png).unwrap_err();
    assert!(e.message.contains("60000 × 60000"), "{e:?}");
    let e = bookpack::images::inspect("bomb.jpg", &jpeg).unwrap_err();
    assert!(e.message.contains("65000 × 65000"), "{e:?}");
    let largest = LARGEST.load(Ordering::Relaxed);
    // The picture would be 14.4 GB; the checker allocated at most a message.
    assert!(largest < 64 * 1024, "largest allocation {largest} bytes");
}
