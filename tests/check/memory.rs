//! A huge page or a compression bomb costs no more memory than a small page:
//! only the head of a page is read, and decompression stops with it.
//!
//! The test reads the peak memory of the whole test process, so it runs in a
//! process of its own.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::header;
use axum::routing::get;
use axum::Router;
use citecheck::check::LinkStatus;

use crate::support::alone;
use crate::support::checker::check;
use crate::support::server::{serve, url};

const MIB: usize = 1024 * 1024;
const PAGE_MIB: usize = 512;
/// 16 GiB of zeros, about 16 MiB compressed.
const BOMB_MIB: usize = 16 * 1024;

/// A stream of `count` copies of `chunk` after `prefix`, counting the bytes
/// handed to the server; never held in memory at once.
fn streamed(prefix: Bytes, chunk: Bytes, count: usize, sent: Arc<AtomicUsize>) -> Body {
    let chunks = std::iter::once(prefix).chain(std::iter::repeat_n(chunk, count));
    Body::from_stream(futures_util::stream::iter(chunks.map(move |c| {
        sent.fetch_add(c.len(), Ordering::SeqCst);
        Ok::<_, std::io::Error>(c)
    })))
}

/// A gzip stream of zeros, as its head and one block (a MiB of zeros) that
/// repeats: once the compressor's window is full of zeros, each further MiB
/// compresses to the same bytes.
fn gzip_bomb_parts() -> (Bytes, Bytes) {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; MIB];
    let mut ends = Vec::new();
    for _ in 0..3 {
        gz.write_all(&zeros).expect("compress in memory");
        gz.flush().expect("compress in memory");
        ends.push(gz.get_ref().len());
    }
    let out = gz.get_ref();
    let block = &out[ends[0]..ends[1]];
    assert_eq!(block, &out[ends[1]..ends[2]], "the compressed MiB repeats");
    (
        Bytes::copy_from_slice(&out[..ends[0]]),
        Bytes::copy_from_slice(block),
    )
}

fn peak_resident_mib() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<usize>().ok())
        .map_or(0, |kb| kb / 1024)
}

#[tokio::test]
async fn a_512_mib_page_and_a_gzip_bomb_are_checked_in_little_memory() {
    if !alone::here(
        module_path!(),
        "a_512_mib_page_and_a_gzip_bomb_are_checked_in_little_memory",
    ) {
        return;
    }
    let page_sent = Arc::new(AtomicUsize::new(0));
    let bomb_sent = Arc::new(AtomicUsize::new(0));
    let (bomb_head, bomb_block) = gzip_bomb_parts();
    let (page_counter, bomb_counter) = (Arc::clone(&page_sent), Arc::clone(&bomb_sent));
    let addr = serve(
        Router::new()
            .route(
                "/huge",
                get(move || {
                    let sent = Arc::clone(&page_counter);
                    async move {
                        let head =
                            Bytes::from_static(b"<html><head><title>Huge</title></head><body><p>");
                        let chunk = Bytes::from(vec![b'a'; MIB]);
                        (
                            [(header::CONTENT_TYPE, "text/html")],
                            streamed(head, chunk, PAGE_MIB, sent),
                        )
                    }
                }),
            )
            .route(
                "/bomb",
                get(move || {
                    let sent = Arc::clone(&bomb_counter);
                    let (head, block) = (bomb_head.clone(), bomb_block.clone());
                    async move {
                        (
                            [
                                (header::CONTENT_TYPE, "text/html"),
                                (header::CONTENT_ENCODING, "gzip"),
                            ],
                            streamed(head, block, BOMB_MIB, sent),
                        )
                    }
                }),
            ),
    );
    let before = peak_resident_mib();
    for path in ["/huge", "/bomb"] {
        let verdict = check(&url(addr, path)).await;
        assert_eq!(verdict.status, LinkStatus::Ok, "{path}: {verdict:?}");
    }
    let peak = peak_resident_mib();
    let (page, bomb) = (
        page_sent.load(Ordering::SeqCst),
        bomb_sent.load(Ordering::SeqCst),
    );
    eprintln!("peak resident memory: {before} MiB before, {peak} MiB after; sent {page} bytes of the page, {bomb} of the bomb");
    assert!(peak < 100, "peak resident memory {peak} MiB");
    // The connections were dropped long before the ends: what was sent is
    // what the socket buffers held.
    assert!(page < 32 * MIB, "{page} bytes of the page were sent");
    assert!(bomb < 8 * MIB, "{bomb} bytes of the bomb were sent");
}
