//! Files made in memory and hashed (SHA-256) as they grow: each stretch of
//! bytes is fed to the hasher soon after it is written, while it is still
//! in the processor's cache, instead of reading the whole file again once
//! it is complete. The Data Package and the catalogues list these hashes.

use sha2::{Digest, Sha256};

/// How many new bytes are hashed at a time: small enough to still be in
/// the cache, large enough to keep the hasher's calls few.
const STRETCH: usize = 16 * 1024;

/// A file's bytes being written, hashed as they go.
pub struct Hashed {
    bytes: Vec<u8>,
    hashed: usize,
    hasher: Sha256,
}

impl Hashed {
    /// An empty file with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Hashed {
        Hashed {
            bytes: Vec::with_capacity(capacity),
            hashed: 0,
            hasher: Sha256::new(),
        }
    }

    /// The bytes, to append to; call [`Hashed::tick`] now and then.
    pub fn bytes(&mut self) -> &mut Vec<u8> {
        &mut self.bytes
    }

    /// Hashes what was written since the last stretch, once it is long
    /// enough.
    pub fn tick(&mut self) {
        if self.bytes.len() - self.hashed >= STRETCH {
            self.hasher.update(&self.bytes[self.hashed..]);
            self.hashed = self.bytes.len();
        }
    }

    /// Appends `data`.
    pub fn extend(&mut self, data: &[u8]) {
        self.bytes.extend_from_slice(data);
        self.tick();
    }

    /// The file and its SHA-256, lowercase hex.
    pub fn finish(mut self) -> (Vec<u8>, String) {
        self.hasher.update(&self.bytes[self.hashed..]);
        (self.bytes, hex(&self.hasher.finalize()))
    }
}

/// Bytes as lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashing_as_written_gives_the_hash_of_the_whole() {
        // Across several stretches, in pieces of uneven sizes.
        let data: Vec<u8> = (0..(3 * STRETCH + 777))
            .map(|i| (i * 7 % 251) as u8)
            .collect();
        let mut h = Hashed::with_capacity(0);
        for piece in data.chunks(1000) {
            h.extend(piece);
        }
        h.bytes().extend_from_slice(b"tail");
        let (bytes, sha) = h.finish();
        let mut whole = data.clone();
        whole.extend_from_slice(b"tail");
        assert_eq!(bytes, whole);
        assert_eq!(sha, super::super::sha256_hex(&whole));
        assert_eq!(
            Hashed::with_capacity(0).finish().1,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
