//! The order a run starts its link checks in, and how many wait at once.
//!
//! Every check is a task holding its request's future (a few kilobytes);
//! a run of twenty thousand links that started them all at once held 70 MiB
//! of tasks that mostly waited for their host's slot. The queue keeps each
//! host's links in line and lets a host have only twice its per-host limit
//! of tasks alive, taking hosts in turn: a slow or rate-limited host never
//! fills the window while other hosts' links wait, and a host whose request
//! ends always has a next one ready for its slot.

use std::collections::{HashMap, VecDeque};

use url::Url;

use super::options::Network;

/// Tasks alive at once over all hosts, whatever the hosts' limits allow:
/// enough to keep every request slot of the run busy four times over.
#[must_use]
pub(super) fn window(network: &Network) -> usize {
    network.max_concurrency.max(1).saturating_mul(4).max(256)
}

/// The links of a run, by host, handed out as hosts have room.
#[derive(Debug)]
pub(super) struct HostQueue {
    hosts: Vec<Line>,
    /// Hosts with links left and room for another task, in turn.
    ready: VecDeque<usize>,
    by_name: HashMap<String, usize>,
}

/// One host's links and its tasks.
#[derive(Debug)]
struct Line {
    waiting: VecDeque<Url>,
    alive: usize,
    room: usize,
    in_ready: bool,
}

impl HostQueue {
    /// The links in the order given, grouped by host (name and port).
    #[must_use]
    pub(super) fn new(urls: Vec<Url>, network: &Network) -> Self {
        let mut queue = Self {
            hosts: Vec::new(),
            ready: VecDeque::new(),
            by_name: HashMap::new(),
        };
        for url in urls {
            let name = host_of(&url);
            let i = if let Some(&i) = queue.by_name.get(&name) {
                i
            } else {
                let room = network
                    .max_for_host(url.host_str().unwrap_or_default())
                    .max(1)
                    .saturating_mul(2);
                queue.hosts.push(Line {
                    waiting: VecDeque::new(),
                    alive: 0,
                    room,
                    in_ready: true,
                });
                queue.ready.push_back(queue.hosts.len() - 1);
                queue.by_name.insert(name, queue.hosts.len() - 1);
                queue.hosts.len() - 1
            };
            queue.hosts[i].waiting.push_back(url);
        }
        queue
    }

    /// The next link to start, from the next host in turn with room; its
    /// task counts as alive until [`HostQueue::ended`].
    pub(super) fn next(&mut self) -> Option<Url> {
        let i = self.ready.pop_front()?;
        let line = &mut self.hosts[i];
        let url = line.waiting.pop_front()?;
        line.alive += 1;
        if !line.waiting.is_empty() && line.alive < line.room {
            self.ready.push_back(i);
        } else {
            line.in_ready = false;
        }
        Some(url)
    }

    /// A task for `url` ended: its host has room again.
    pub(super) fn ended(&mut self, url: &Url) {
        let Some(&i) = self.by_name.get(&host_of(url)) else {
            return;
        };
        let line = &mut self.hosts[i];
        line.alive = line.alive.saturating_sub(1);
        if !line.in_ready && !line.waiting.is_empty() && line.alive < line.room {
            line.in_ready = true;
            self.ready.push_back(i);
        }
    }
}

impl HostQueue {
    /// Takes every link still waiting, host by host: none is started.
    pub(super) fn drain(&mut self) -> Vec<Url> {
        self.ready.clear();
        self.hosts
            .iter_mut()
            .flat_map(|line| {
                line.in_ready = false;
                line.waiting.drain(..)
            })
            .collect()
    }

    /// `url` goes back to the end of its host's line (another process held
    /// it: it is asked about again once the others have had their turn).
    pub(super) fn put_back(&mut self, url: Url) {
        let Some(&i) = self.by_name.get(&host_of(&url)) else {
            return;
        };
        let line = &mut self.hosts[i];
        line.waiting.push_back(url);
        if !line.in_ready && line.alive < line.room {
            line.in_ready = true;
            self.ready.push_back(i);
        }
    }
}

/// The host a link's slot is taken on: its name and port.
fn host_of(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or_default(),
        url.port_or_known_default().unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(list: &[&str]) -> Vec<Url> {
        list.iter().map(|u| Url::parse(u).unwrap()).collect()
    }

    #[test]
    fn hosts_take_turns_and_wait_for_room() {
        let network = Network {
            max_per_host: 1,
            ..Network::default()
        };
        let mut queue = HostQueue::new(
            urls(&[
                "http://a.test/1",
                "http://a.test/2",
                "http://a.test/3",
                "http://a.test/4",
                "http://b.test/1",
            ]),
            &network,
        );
        let started: Vec<String> = std::iter::from_fn(|| queue.next())
            .map(|u| u.to_string())
            .collect();
        // a.test has room for two tasks (twice its limit of one), b.test
        // takes its turn between them.
        assert_eq!(
            started,
            ["http://a.test/1", "http://b.test/1", "http://a.test/2"]
        );
        queue.ended(&Url::parse("http://a.test/1").unwrap());
        assert_eq!(queue.next().unwrap().as_str(), "http://a.test/3");
        assert!(queue.next().is_none());
        queue.ended(&Url::parse("http://b.test/1").unwrap());
        assert!(queue.next().is_none(), "b.test has nothing left");
        queue.ended(&Url::parse("http://a.test/2").unwrap());
        assert_eq!(queue.next().unwrap().as_str(), "http://a.test/4");
        assert!(queue.next().is_none());
        // A link put back comes after its host's others.
        queue.ended(&Url::parse("http://a.test/3").unwrap());
        queue.put_back(Url::parse("http://a.test/3").unwrap());
        assert_eq!(queue.next().unwrap().as_str(), "http://a.test/3");
    }

    #[test]
    fn a_hosts_own_limit_gives_it_more_room() {
        let mut network = Network {
            max_per_host: 1,
            ..Network::default()
        };
        network.host_limits.insert("wide.test".to_owned(), 3);
        let list: Vec<String> = (0..10).map(|i| format!("http://wide.test/{i}")).collect();
        let refs: Vec<&str> = list.iter().map(String::as_str).collect();
        let mut queue = HostQueue::new(urls(&refs), &network);
        assert_eq!(std::iter::from_fn(|| queue.next()).count(), 6);
    }
}
