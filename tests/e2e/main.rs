//! End-to-end tests in the real app window (placeholder until the suite lands).
