//! Independent jobs by index on every core, their results in index order: the same output on any number of threads.

/// `job(0..n)` on every core (threads take the next index as they
/// finish), the results in index order.
pub fn in_order<T: Send>(n: usize, job: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get())
        .min(n);
    if threads <= 1 {
        return (0..n).map(&job).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, T)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if i >= n {
                            break mine;
                        }
                        mine.push((i, job(i)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, t)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapters_loaded_in_parallel_come_back_in_order() {
        // Uneven work, so threads finish out of order.
        let out = in_order(40, |i| {
            std::thread::sleep(std::time::Duration::from_micros(
                ((i * 7919) % 13) as u64 * 100,
            ));
            i * i
        });
        assert_eq!(out, (0..40).map(|i| i * i).collect::<Vec<_>>());
        assert_eq!(in_order(1, |i| i + 1), [1]);
        assert!(in_order(0, |i| i).is_empty());
    }
}
