//! The dedup window over the caller's memory: the core's
//! `receive::Deduplicator` ring (same order, same eviction), with a capacity
//! chosen at run time. The core's type has a const capacity, so it cannot
//! use a caller's buffer; this is its 20 lines again.

/// A ring of 32-byte keys in borrowed memory.
pub(crate) struct Window<'a> {
    pub(crate) mem: &'a mut [u8],
    pub(crate) len: &'a mut u32,
    pub(crate) next: &'a mut u32,
}

impl Window<'_> {
    fn capacity(&self) -> usize {
        self.mem.len() / crate::SW_DEDUP_KEY_BYTES
    }

    /// Whether `key` is among the remembered ones.
    pub(crate) fn contains(&self, key: &[u8]) -> bool {
        let len = (*self.len as usize).min(self.capacity());
        self.mem
            .chunks_exact(crate::SW_DEDUP_KEY_BYTES)
            .take(len)
            .any(|k| k == key)
    }

    /// `true` (seen) for a remembered key; otherwise records it and answers `false`.
    pub(crate) fn check(&mut self, key: &[u8; 32]) -> bool {
        if self.contains(key) {
            return true;
        }
        let cap = self.capacity();
        if cap == 0 {
            return false;
        }
        let next = (*self.next as usize) % cap;
        if let Some(slot) = self
            .mem
            .chunks_exact_mut(crate::SW_DEDUP_KEY_BYTES)
            .nth(next)
        {
            slot.copy_from_slice(key);
        }
        *self.next = ((next + 1) % cap) as u32;
        *self.len = ((*self.len as usize + 1).min(cap)) as u32;
        false
    }
}
