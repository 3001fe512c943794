//! `--shard K/N`: which part of the inputs one process audits. Each input
//! (a file, a wiki page, a page of a dump) goes to the part a hash of its
//! name says, so the parts never overlap, cover everything, and an input's
//! part never depends on the others.

use sha2::Digest;

/// The K-th of N disjoint parts, 1 ≤ K ≤ N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which part, from 1.
    pub k: u64,
    /// How many parts.
    pub n: u64,
}

impl Shard {
    /// `K/N` as written on the command line.
    ///
    /// # Errors
    /// Not two numbers with 1 ≤ K ≤ N; the message says which.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (k, n) = text
            .split_once('/')
            .ok_or_else(|| format!("{text}: expected K/N, such as 2/4"))?;
        let k: u64 = k
            .trim()
            .parse()
            .map_err(|_| format!("{text}: K is not a number"))?;
        let n: u64 = n
            .trim()
            .parse()
            .map_err(|_| format!("{text}: N is not a number"))?;
        if n == 0 || k == 0 || k > n {
            return Err(format!("{text}: expected 1 <= K <= N"));
        }
        Ok(Self { k, n })
    }

    /// Whether the input named `name` is in this part.
    #[must_use]
    pub fn holds(self, name: &str) -> bool {
        let digest = sha2::Sha256::digest(name.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first) % self.n == self.k - 1
    }

    /// Whether the `ordinal`-th of a run of equal pieces (a dump's bz2
    /// streams, counted from 0) is in this part: dealt out in turn, so
    /// every part gets its share of every stretch of the dump.
    #[must_use]
    pub fn holds_piece(self, ordinal: u64) -> bool {
        ordinal % self.n == self.k - 1
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_cover_every_name_once() {
        let parts: Vec<Shard> = (1..=4).map(|k| Shard { k, n: 4 }).collect();
        for i in 0..200 {
            let name = format!("sources/{i}.md");
            assert_eq!(parts.iter().filter(|p| p.holds(&name)).count(), 1);
            assert_eq!(parts.iter().filter(|p| p.holds_piece(i)).count(), 1);
        }
    }

    #[test]
    fn bad_parts_are_refused_with_the_reason() {
        assert_eq!(Shard::parse("2/4"), Ok(Shard { k: 2, n: 4 }));
        assert!(Shard::parse("5/4").unwrap_err().contains("1 <= K <= N"));
        assert!(Shard::parse("x/4").unwrap_err().contains("K is not"));
        assert!(Shard::parse("2").unwrap_err().contains("K/N"));
    }
}
