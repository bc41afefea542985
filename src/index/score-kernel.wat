;; The loops a query spends its time in (search-score.ts), as WebAssembly: V8 compiles a module to machine code
;; before it runs, so a one-shot hook process scores its first posting as fast as its last, and no sum becomes a heap
;; object for the garbage collector. The arithmetic is search-score.ts's (MiniSearch's BM25+), operation for
;; operation in the same order, so the same bits come out.
;;
;; Everything lives in one memory the caller lays out (score-kernel.ts): per-row tables at the addresses `layout`
;; sets, postings as the segment file stores them (u32 rows, then tf and field lengths of 2 or 4 bytes each).
;; Addresses are byte offsets; row tables are indexed by global row.
(module
  (import "env" "memory" (memory 0))
  (global $sum (mut i32) (i32.const 0))
  (global $total (mut i32) (i32.const 0))
  (global $stamp (mut i32) (i32.const 0))
  (global $sourceStamp (mut i32) (i32.const 0))
  (global $quality (mut i32) (i32.const 0))
  (global $seen (mut i32) (i32.const 0))
  (global $touched (mut i32) (i32.const 0))
  (global $touchedCount (mut i32) (i32.const 0))
  (global $k (mut f64) (f64.const 0))
  (global $b (mut f64) (f64.const 0))
  (global $d (mut f64) (f64.const 0))

  ;; Where the row tables are, and BM25's parameters.
  (func (export "layout")
    (param $sum i32) (param $total i32) (param $stamp i32) (param $sourceStamp i32) (param $quality i32)
    (param $seen i32) (param $touched i32) (param $k f64) (param $b f64) (param $d f64)
    (global.set $sum (local.get $sum))
    (global.set $total (local.get $total))
    (global.set $stamp (local.get $stamp))
    (global.set $sourceStamp (local.get $sourceStamp))
    (global.set $quality (local.get $quality))
    (global.set $seen (local.get $seen))
    (global.set $touched (local.get $touched))
    (global.set $touchedCount (i32.const 0))
    (global.set $k (local.get $k))
    (global.set $b (local.get $b))
    (global.set $d (local.get $d)))

  ;; Rows added to `touched` so far: each row once, in the order the query first met it.
  (func (export "touchedCount") (result i32) (global.get $touchedCount))

  ;; Whether local row $row is set in the deleted bitmap at $deleted (0: none deleted).
  (func $isDeleted (param $deleted i32) (param $row i32) (result i32)
    (if (result i32) (local.get $deleted)
      (then
        (i32.and
          (i32.load8_u (i32.add (local.get $deleted) (i32.shr_u (local.get $row) (i32.const 3))))
          (i32.shl (i32.const 1) (i32.and (local.get $row) (i32.const 7)))))
      (else (i32.const 0))))

  ;; Postings of a list whose row is not deleted.
  (func (export "countLive") (param $rows i32) (param $n i32) (param $deleted i32) (result i32)
    (local $i i32) (local $live i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.eqz (call $isDeleted (local.get $deleted) (i32.load (i32.add (local.get $rows) (i32.shl (local.get $i) (i32.const 2))))))
          (then (local.set $live (i32.add (local.get $live) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $live))

  ;; One list's contributions to the running sums of the plan numbered $mark: a row met for the first time in this
  ;; plan gets the score and is appended to the plan's rows at $out (and counts once more towards the distinct
  ;; source terms it matched); a row met again gets the score added. Returns the plan's row count, or -1 when a
  ;; posting names a row at or past $limit (a damaged segment).
  (func (export "accumulate")
    (param $rows i32) (param $tf i32) (param $lengths i32) (param $n i32) (param $wide i32)
    (param $base i32) (param $limit i32) (param $deleted i32)
    (param $weight f64) (param $idf f64) (param $average f64)
    (param $mark i32) (param $sourceMark i32) (param $out i32) (param $outCount i32)
    (result i32)
    (local $i i32) (local $local i32) (local $row i32) (local $termFreq f64) (local $length f64) (local $score f64)
    (local $at i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $local (i32.load (i32.add (local.get $rows) (i32.shl (local.get $i) (i32.const 2)))))
        (if (i32.ge_u (local.get $local) (local.get $limit)) (then (return (i32.const -1))))
        (block $skip
          (br_if $skip (call $isDeleted (local.get $deleted) (local.get $local)))
          (if (local.get $wide)
            (then
              (local.set $termFreq (f64.convert_i32_u (i32.load (i32.add (local.get $tf) (i32.shl (local.get $i) (i32.const 2))))))
              (local.set $length (f64.convert_i32_u (i32.load (i32.add (local.get $lengths) (i32.shl (local.get $i) (i32.const 2)))))))
            (else
              (local.set $termFreq (f64.convert_i32_u (i32.load16_u (i32.add (local.get $tf) (i32.shl (local.get $i) (i32.const 1))))))
              (local.set $length (f64.convert_i32_u (i32.load16_u (i32.add (local.get $lengths) (i32.shl (local.get $i) (i32.const 1))))))))
          ;; weight * (idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * length) / average))))
          (local.set $score
            (f64.mul (local.get $weight)
              (f64.mul (local.get $idf)
                (f64.add (global.get $d)
                  (f64.div
                    (f64.mul (local.get $termFreq) (f64.add (global.get $k) (f64.const 1)))
                    (f64.add (local.get $termFreq)
                      (f64.mul (global.get $k)
                        (f64.add
                          (f64.sub (f64.const 1) (global.get $b))
                          (f64.div (f64.mul (global.get $b) (local.get $length)) (local.get $average))))))))))
          (local.set $row (i32.add (local.get $base) (local.get $local)))
          (local.set $at (i32.add (global.get $stamp) (i32.shl (local.get $row) (i32.const 2))))
          (if (i32.ne (i32.load (local.get $at)) (local.get $mark))
            (then
              (i32.store (local.get $at) (local.get $mark))
              (f64.store (i32.add (global.get $sum) (i32.shl (local.get $row) (i32.const 3))) (local.get $score))
              (i32.store (i32.add (local.get $out) (i32.shl (local.get $outCount) (i32.const 2))) (local.get $row))
              (local.set $outCount (i32.add (local.get $outCount) (i32.const 1)))
              (local.set $at (i32.add (global.get $sourceStamp) (i32.shl (local.get $row) (i32.const 2))))
              (if (i32.ne (i32.load (local.get $at)) (local.get $sourceMark))
                (then
                  (i32.store (local.get $at) (local.get $sourceMark))
                  (local.set $at (i32.add (global.get $quality) (i32.shl (local.get $row) (i32.const 2))))
                  (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1))))))
            (else
              (local.set $at (i32.add (global.get $sum) (i32.shl (local.get $row) (i32.const 3))))
              (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (local.get $score))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $outCount))

  ;; A row met by the query for the first time goes to the end of `touched`.
  (func $touch (param $row i32)
    (if (i32.eqz (i32.load8_u (i32.add (global.get $seen) (local.get $row))))
      (then
        (i32.store8 (i32.add (global.get $seen) (local.get $row)) (i32.const 1))
        (i32.store (i32.add (global.get $touched) (i32.shl (global.get $touchedCount) (i32.const 2))) (local.get $row))
        (global.set $touchedCount (i32.add (global.get $touchedCount) (i32.const 1))))))

  ;; Add a plan's running sums (its $n rows at $rows) to the totals.
  (func (export "addSums") (param $rows i32) (param $n i32)
    (local $i i32) (local $row i32) (local $at i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $row (i32.load (i32.add (local.get $rows) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $at (i32.add (global.get $total) (i32.shl (local.get $row) (i32.const 3))))
        (f64.store (local.get $at)
          (f64.add (f64.load (local.get $at)) (f64.load (i32.add (global.get $sum) (i32.shl (local.get $row) (i32.const 3))))))
        (call $touch (local.get $row))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; The same for sums kept earlier: the value for row $rows[i] is $values[i].
  (func (export "addKept") (param $rows i32) (param $values i32) (param $n i32)
    (local $i i32) (local $row i32) (local $at i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $row (i32.load (i32.add (local.get $rows) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $at (i32.add (global.get $total) (i32.shl (local.get $row) (i32.const 3))))
        (f64.store (local.get $at)
          (f64.add (f64.load (local.get $at)) (f64.load (i32.add (local.get $values) (i32.shl (local.get $i) (i32.const 3))))))
        (call $touch (local.get $row))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; Keep a plan's running sums: $values[i] = sum[$rows[i]].
  (func (export "gather") (param $rows i32) (param $n i32) (param $values i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (f64.store (i32.add (local.get $values) (i32.shl (local.get $i) (i32.const 3)))
          (f64.load (i32.add (global.get $sum)
            (i32.shl (i32.load (i32.add (local.get $rows) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 3)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; Each touched row's score, in touched order: its total times the distinct query terms it matched (at least 1).
  (func (export "finalScores") (param $scores i32)
    (local $i i32) (local $row i32) (local $quality i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (global.get $touchedCount)))
        (local.set $row (i32.load (i32.add (global.get $touched) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $quality (i32.load (i32.add (global.get $quality) (i32.shl (local.get $row) (i32.const 2)))))
        (f64.store (i32.add (local.get $scores) (i32.shl (local.get $i) (i32.const 3)))
          (f64.mul
            (f64.load (i32.add (global.get $total) (i32.shl (local.get $row) (i32.const 3))))
            (f64.convert_i32_u (select (local.get $quality) (i32.const 1) (local.get $quality)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))))
