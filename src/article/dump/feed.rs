//! The decompressed bytes of a dump, made on their own thread and read on
//! another: a bounded channel between them keeps memory flat (a few chunks
//! in flight) while decompression and reading overlap.

use std::io::{BufRead, Read};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

/// How many chunks may wait between the two threads.
const IN_FLIGHT: usize = 4;

/// What the decompressing side sends.
pub(crate) enum Piece {
    /// The next bytes of the XML.
    Bytes(Vec<u8>),
    /// A gap: this part of the dump could not be decompressed. The reader
    /// sees an error here, names the page it was in, and reads on.
    Gap(String),
}

/// The sending side, for the decompressing thread.
pub(crate) struct Feeder {
    sender: SyncSender<Piece>,
}

impl Feeder {
    /// Sends a piece; `false` when the reading side has gone.
    pub(crate) fn send(&self, piece: Piece) -> bool {
        self.sender.send(piece).is_ok()
    }
}

/// The reading side: the pieces as one byte stream.
pub(crate) struct Fed {
    receiver: Receiver<Piece>,
    current: Vec<u8>,
    at: usize,
    done: bool,
}

/// A channel of pieces.
pub(crate) fn channel() -> (Feeder, Fed) {
    let (sender, receiver) = sync_channel(IN_FLIGHT);
    (
        Feeder { sender },
        Fed {
            receiver,
            current: Vec::new(),
            at: 0,
            done: false,
        },
    )
}

impl Read for Fed {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Fed {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        while self.at >= self.current.len() && !self.done {
            match self.receiver.recv() {
                Ok(Piece::Bytes(bytes)) => {
                    self.current = bytes;
                    self.at = 0;
                }
                Ok(Piece::Gap(why)) => {
                    self.current.clear();
                    self.at = 0;
                    return Err(std::io::Error::other(why));
                }
                Err(_) => self.done = true,
            }
        }
        Ok(&self.current[self.at.min(self.current.len())..])
    }

    fn consume(&mut self, amount: usize) {
        self.at += amount;
    }
}

/// Sends what `reader` gives, a chunk at a time, until its end or an error
/// (sent as a gap naming `what`). Returns `false` when the reading side
/// has gone.
pub(crate) fn pump(
    mut reader: impl Read,
    feeder: &Feeder,
    what: &dyn Fn(&std::io::Error) -> String,
) -> bool {
    const CHUNK: usize = 1 << 20;
    loop {
        let mut chunk = vec![0u8; CHUNK];
        let mut filled = 0;
        while filled < CHUNK {
            match reader.read(&mut chunk[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    chunk.truncate(filled);
                    if !chunk.is_empty() && !feeder.send(Piece::Bytes(chunk)) {
                        return false;
                    }
                    return feeder.send(Piece::Gap(what(&e)));
                }
            }
        }
        chunk.truncate(filled);
        if chunk.is_empty() {
            return true;
        }
        let last = filled < CHUNK;
        if !feeder.send(Piece::Bytes(chunk)) {
            return false;
        }
        if last {
            return true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_read_as_one_stream_and_a_gap_as_one_error() {
        let (feeder, mut fed) = channel();
        std::thread::spawn(move || {
            feeder.send(Piece::Bytes(b"ab".to_vec()));
            feeder.send(Piece::Gap("stream at byte 9 is corrupt".into()));
            feeder.send(Piece::Bytes(b"cd".to_vec()));
        });
        let mut first = [0u8; 2];
        fed.read_exact(&mut first).unwrap();
        assert_eq!(&first, b"ab");
        let err = fed.fill_buf().unwrap_err();
        assert!(err.to_string().contains("byte 9"));
        let mut rest = String::new();
        fed.read_to_string(&mut rest).unwrap();
        assert_eq!(rest, "cd");
    }
}
