/** `en-notices.ts` の日本語版。キーとプレースホルダーは同一 (テストで確認)。 */
import type { enNotices } from "./en-notices.ts";

export const jaNotices: Record<keyof typeof enNotices, string> = {
  // ディスク スナップショットのリクエスト
  "problem.SNAPSHOT_VM_NOT_DEALLOCATED":
    "{vm} は割り当て解除されていません。ディスク スナップショットはクラッシュ整合性しかありません。VM の実行中に作成すると、メモリ上の書き込みが含まれず、ディスク間の整合性が取れないことがあります。",
  "remedy.SNAPSHOT_VM_NOT_DEALLOCATED":
    "対処方法: 先に {vm} を停止して割り当て解除する (Azure portal の「停止」、または `az vm deallocate`) か、Azure VM Backup でアプリケーション整合性のあるバックアップを取る `/backup {vm}` を使ってください。",
  "title.snapshot.pending": "{vm} のディスク スナップショット: 承認待ち",
  "title.snapshot.approved": "{vm} のディスク スナップショット: 承認済み、ワーカー待ち",
  "title.snapshot.rejected": "{vm} のディスク スナップショット: 却下",
  "title.snapshot.expired": "{vm} のディスク スナップショット: 承認されないまま期限切れ",
  "title.snapshot.running": "{vm} のディスク スナップショット: 実行中",
  "title.snapshot.succeeded": "{vm} のディスク スナップショット: 完了",
  "title.snapshot.failed": "{vm} のディスク スナップショット: 失敗",
  "title.snapshot.cancelled": "{vm} のディスク スナップショット: 取り消し済み",
  "fact.keep": "保持期間",
  "fact.snapshots": "スナップショット (ディスク)",
  "fact.snapshotsExpire": "kura による削除日時",
  "note.snapshotPending":
    "承認すると、{vm} のディスクごとにマネージド ディスクのスナップショットを 1 つ作成します。開始前に、割り当て解除されたままかをもう一度確認します。",
  "progress.snapshot": "ディスク {task} のスナップショットを作成しています {percent}%",
  "progress.snapshotStarting": "ディスクのスナップショットを作成しています",
  "event.snapshotsTaken":
    "ディスク スナップショットを {count} 個作成しました。{expiry:time} まで保持します。",

  // 緊急 GC ウィンドウのリクエスト
  "title.emergency.pending": "{vm} の緊急 GC ウィンドウ: 承認待ち",
  "title.emergency.approved": "{vm} の緊急 GC ウィンドウ: 承認済み",
  "title.emergency.rejected": "{vm} の緊急 GC ウィンドウ: 却下",
  "title.emergency.expired": "{vm} の緊急 GC ウィンドウ: 承認されないまま期限切れ",
  "title.emergency.closed": "{vm} の緊急 GC ウィンドウ: 終了",
  "status.closed": "終了済み",
  "fact.windowLength": "ウィンドウの長さ",
  "fact.windowOpens": "開始日時",
  "fact.windowCloses": "終了日時",
  "value.hours": "{hours} 時間",
  "note.emergencyWhat":
    "承認すると、この VM の保護を {hours} 時間再開します。Azure の GC (24 時間以内に実行) が期限切れの復元ポイントを削除し、ウィンドウの終了時に kura が保護を再び停止します。",
  "note.emergencyOpen": "{closesAt:time} まで保護を続け、その時点で停止します (データは保持)。",
  "event.emergency.expired": "期限切れ: 期限内に承認されませんでした。必要ならもう一度依頼してください。",
  "event.emergency.opened":
    "保護を再開しました。Azure の GC は 24 時間以内に実行されます。ウィンドウは {closesAt:time} に終了します。",
  "event.emergency.openedProblem": "保護はまだ再開されていません: {problem}",
  "event.emergency.closed": "ウィンドウが終了しました。ほかに必要としない限り、保護を再び停止しています。",
  "action.requestEmergency": "緊急ウィンドウを依頼",

  // システム通知: GC ウィンドウ
  "system.gc-open.running":
    "GC ウィンドウを開いています: {total} 台中 {done} 台を処理、{settled} 台の保護を再開",
  "system.gc-open.finished":
    "GC ウィンドウを {total} 台中 {settled} 台の VM で開きました ({closesAt:time} まで)",
  "system.gc-close.running":
    "GC ウィンドウを閉じています: {total} 台中 {done} 台を処理、{settled} 台の保護を停止",
  "system.gc-close.finished": "GC ウィンドウを閉じました: {total} 台中 {settled} 台の保護を停止",
  "system.gc.recovered": "kura の停止中に過ぎたウィンドウのため、起動時に実行しました。",
  "system.gc.busy": "{busy} 台はバックアップ中です。各バックアップの終了時に保護を停止します。",
  "system.gc.keptOn": "{keptOn} 台は緊急 GC ウィンドウのため保護を続けます。",
  "system.gc.failures": "{count} 台で失敗しました (調整処理が再試行します):",
  "system.gc.failure": "{vmName}: {message} ({code})",
  "system.gc-window-reminder":
    "毎週の GC ウィンドウは {opensAt:time} に開き、{closesAt:time} に閉じます。{managedVms} 台の VM の保護を再開し、Azure の GC が期限切れの復元ポイントを削除します。",
  "system.gc-window-overdue":
    "{vmName}: {days} 日間、完全な GC ウィンドウがありません (最後は {lastFullWindowAt:time})",
  "system.gc-window-overdue.never": "{vmName}: {days} 日間、一度も GC ウィンドウ全体で保護されていません",
  "system.gc-window-overdue.advice":
    "毎週のウィンドウで処理されなかった理由 (kura のログ、ウィンドウのまとめ) を確認するか、緊急ウィンドウを開いてください: `/backup gc open {vmName} 48h`",

  // システム通知: 復元ポイントと失敗したジョブ
  "system.rp-warning": "{vmName}: 復元ポイントは {limit} 個中 {count} 個使用",
  "system.rp-warning.limit":
    "{vmName}: 復元ポイントは {limit} 個中 {count} 個使用。GC が実行されるまで、Azure はこの VM のバックアップをすべて拒否します。",
  "system.rp-warning.forecast":
    "{vmName}: 復元ポイントは {limit} 個中 {count} 個使用。最近のペースでは {reachesLimitAt:time} ごろ上限に達します。GC による削除は {gcBy:time} までです。",
  "advice.emergency-window":
    "緊急 GC ウィンドウを開いてください (`/backup gc open {vmName} 48h`)。Azure の GC が 24 時間以内に実行され、期限切れの復元ポイントを削除します。",
  "advice.wait-for-window":
    "{nextWindowOpensAt:time} に開く GC ウィンドウを待ち、それまで {vmName} のオンデマンド バックアップを控えてください。",
  "advice.lower-retention":
    "GC では間に合いません。オンデマンド バックアップの保持期間 (--retain) か、ポリシーのインスタント リストアの保持期間を短くしてください。",
  "advice.none": "今のところ対応は不要です。",
  "system.azure-job-failed": "{vmName}: Azure のバックアップ ジョブが失敗しました (Azure: {azureCode})",
  "system.azure-job-failed.noCode": "{vmName}: Azure のバックアップ ジョブが失敗しました",
  "system.azure-job-failed.message": "{message}",
  "system.azure-job-failed.remedy": "対処方法: {remedy}",

  // システム通知: スナップショットの削除
  "system.snapshots-cleaned":
    "期限切れのディスク スナップショットを {deleted} 個削除しました。{failed} 個は削除できませんでした。",
  "system.snapshots-cleaned.deleted": "{name} ({vmName})、期限 {expiredAt:time}",
  "system.snapshots-cleaned.failed": "{name}: {code}。明日もう一度削除を試みます",

  // まとめのタイトル
  "summary.gc-window-reminder": "GC ウィンドウのお知らせ",
  "summary.gc-window-overdue": "GC ウィンドウが滞っている VM: {count} 台",
  "summary.rp-warning": "復元ポイントの警告: {count} 件",
  "summary.azure-job-failed": "失敗した Azure バックアップ ジョブ: {count} 件",
  "summary.snapshots-cleaned": "ディスク スナップショットの削除",
};
