//! A block being written by a reader: its text, and where each part of it
//! came from in the source.

use super::model::{Block, BlockRole};

#[derive(Debug)]
pub(crate) struct BlockBuilder {
    pub(crate) block: Block,
}

impl BlockBuilder {
    pub(crate) fn new(role: BlockRole, section: usize, line: u32) -> Self {
        Self {
            block: Block {
                role,
                section,
                line_map: vec![(0, line)],
                ..Block::default()
            },
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.block.text.len()
    }

    /// Appends `text`, which starts on source `line`.
    pub(crate) fn push(&mut self, text: &str, line: u32) {
        if text.is_empty() {
            return;
        }
        if self.block.line_map.last().is_none_or(|&(_, l)| l != line) {
            let at = self.len();
            match self.block.line_map.last_mut() {
                Some(last) if last.0 == at => last.1 = line,
                _ => self.block.line_map.push((at, line)),
            }
        }
        self.block.text.push_str(text);
    }

    pub(crate) fn space(&mut self) {
        if !self.block.text.is_empty() && !self.block.text.ends_with(' ') {
            self.block.text.push(' ');
        }
    }
}
