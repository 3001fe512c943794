//! What every integration test crate shares: loopback servers and the stand-ins
//! for the web archive and the ISBN catalogue they serve, the one way to run
//! the binary, temporary folders to write articles in, and readers of the
//! reports a run writes.
//!
//! Each crate under `tests/` declares it with
//! `#[path = "../support/mod.rs"] mod support;`. Nothing here asserts what a
//! test is about, and no server here listens beyond the loopback range.

#![allow(dead_code)] // each test crate uses a part

pub mod alone;
pub mod article;
pub mod binary;
pub mod checker;
pub mod dumps;
pub mod json;
pub mod logged;
pub mod postgres;
pub mod server;
pub mod stubs;
