/**
 * 日本語カタログ。Azure の用語は日本語版ポータルに合わせる (保護の停止、復元ポイント、
 * バックアップ ジョブ、Recovery Services コンテナー、バックアップ ポリシー)。キーとプレースホルダーは
 * `en.ts` と同一 (テストで確認)。
 */
import type { MessageKey } from "./en.ts";
import { jaConsole } from "./ja-console.ts";
import { jaDelivery } from "./ja-delivery.ts";
import { jaFailures } from "./ja-failures.ts";
import { jaNotices } from "./ja-notices.ts";

export const ja: Record<MessageKey, string> = {
  ...jaNotices,
  ...jaDelivery,
  ...jaFailures,
  ...jaConsole,
  // 解析
  "parse.empty":
    "バックアップする VM を指定してください (例: `/backup web-01`)。使い方は `/backup help` で確認できます。",
  "parse.tooLong": "コマンドが長すぎます ({max} 文字まで)。",
  "parse.controlCharacters": "コマンドに制御文字が含まれています。プレーン テキストで入力し直してください。",
  "parse.unterminatedQuote":
    '引用符が閉じられていません。対応する引用符 ("…"、“…”、「…」) で閉じてください。',
  "parse.unreadable": "コマンドを読み取れませんでした。",
  "parse.missingVm": "最初に VM 名を指定してください (例: `/backup web-01 --retain 30d`)。",
  "parse.didYouMean":
    "`{word}` というコマンドはありません。`{suggestion}` のことですか? ({word} という名前の VM をバックアップする場合は、`--retain 30d` などのオプションを付けてください。)",
  "parse.didYouMeanSub": "`{word}` はここでは使えません。`{suggestion}` のことですか?",
  "parse.unknownOption": "`{option}` というオプションはありません。",
  "parse.unknownOptionSuggest": "`{option}` というオプションはありません。`{suggestion}` のことですか?",
  "parse.unknownOptionUnnamed": "不明なオプションです。",
  "parse.duplicateOption": "`{option}` が 2 回以上指定されています。",
  "parse.missingValue": "`{option}` には値が必要です。",
  "parse.badRetention": "保持期間は {min}～{max} 日で、`30d` のように指定してください。",
  "parse.badKeep": "スナップショットの保持期間は {min}～{max} 日で、`7d` のように指定してください。",
  "parse.badGcHours": "緊急 GC ウィンドウの長さは {min}～{max} 時間で、`48h` のように指定してください。",
  "parse.badAuditCount": "監査ログの件数は {min}～{max} の数値で指定してください。",
  "parse.reasonTooLong": "理由が長すぎます ({max} 文字まで)。",
  "parse.vmIsCommand":
    "`{word}` は kura のコマンド名のため、ここでは VM 名として使えません。その VM は ARM ID で指定してください。",
  "parse.invalidVm":
    "Azure の VM 名として正しくありません。Azure に表示される名前 (英数字、'-'、'_'、'.' の 1～64 文字。末尾は '.' と '-' 以外) か、VM の ARM ID を指定してください。",
  "parse.invalidRequestId":
    "リクエスト ID ではありません。リクエスト ID は `b-3f9a0c1b2d` の形式です (`/backup history` で確認できます)。",
  "parse.invalidTarget": "VM 名またはリクエスト ID を指定してください。",
  "parse.missingRequestId": "リクエスト ID を指定してください (例: `/backup cancel b-3f9a0c1b2d`)。",
  "parse.unexpectedWord": "`{word}` は不要です。",
  "parse.unexpectedArgument": "コマンドの後に余分な語があります。",
  "parse.unknownHelpTopic": "そのヘルプはありません。`/backup help` ですべてのコマンドを確認できます。",

  // 使い方
  "usage.overview":
    '`/backup <vm> [--retain 30d] [--reason "…"]` バックアップをリクエスト\n`/backup status [vm|request-id]` リクエストまたは VM の状態\n`/backup list` 管理対象の VM\n`/backup history [vm]` 最近のリクエスト\n`/backup cancel <request-id>` リクエストを取り消す\n`/backup gc` 毎週の GC ウィンドウ\n`/backup gc open <vm> [48h]` 緊急 GC ウィンドウ\n`/backup snapshot <vm> [--keep 7d]` スナップショット\n`/backup audit [n]` 監査ログ\n`/backup help [command]` このヘルプ',
  "usage.backup":
    '`/backup <vm> [--retain 30d] [--reason "…"]`: VM のオンデマンド バックアップをリクエストします。保持期間は 1～99 日 (省略時は kura の既定値) です。承認者の承認が必要です。',
  "usage.status":
    "`/backup status [vm|request-id]`: リクエストのカード、または VM の保護の状態と直近のリクエストを表示します。",
  "usage.list":
    "`/backup list`: kura が管理する VM の保護の状態、最終バックアップ、復元ポイント数を表示します。",
  "usage.history": "`/backup history [vm]`: 最近のバックアップ リクエストを表示します (全 VM または 1 台)。",
  "usage.cancel": "`/backup cancel <request-id>`: 承認待ちまたは実行中のリクエストを取り消します。",
  "usage.gc":
    "`/backup gc`: 毎週の GC ウィンドウが開く日時と、現在開いているかを表示します。\n`/backup gc open <vm> [48h]`: 1 台の VM に緊急 GC ウィンドウ (24～72 時間) を開きます。",
  "usage.snapshot":
    "`/backup snapshot <vm> [--keep 7d]`: 割り当て解除された VM のマネージド ディスクのスナップショットを作成し、1～90 日 (既定 7 日) 保持した後に kura が削除します。承認者の承認が必要です。",
  "usage.audit": "`/backup audit [n]`: 新しい順に n 件の監査ログを表示します (1～100、既定 20)。",
  "usage.help": "`/backup help [command]`: すべてのコマンド、または 1 つのコマンドのヘルプを表示します。",

  // ユース ケースからの問題
  "problem.REQUEST_NOT_FOUND":
    "バックアップ リクエスト `{id}` はありません。`/backup history` で ID を確認してください。終了したリクエストは {keepDays} 日後に削除されます (`KURA_KEEP_REQUESTS_DAYS`)。より古いものが必要なら、管理者にこの設定を延ばしてもらってください。",
  "problem.NOT_AN_AUDITOR":
    "監査ログを見られるのは承認者と設定された監査者だけです。承認者に依頼するか、管理者に kura の設定の `auditors` へ追加してもらってください。",
  "problem.NOT_ALLOWED": "このリクエストを取り消せるのは、リクエストした本人か承認者だけです。",
  "problem.ALREADY_DECIDED": "リクエスト `{id}` はすでに{status:status}です。",
  "problem.ALREADY_FINISHED": "リクエスト `{id}` はすでに{status:status}です。",
  "problem.NOT_AN_APPROVER": "このリクエストの承認者ではありません。設定されている承認者に依頼してください。",
  "problem.SELF_APPROVAL": "自分のリクエストは承認できません。別の承認者に依頼してください。",
  "problem.REQUEST_EXPIRED":
    "リクエスト `{id}` は {expiresAt:time} に期限切れになりました。もう一度リクエストしてください。",
  "problem.INVALID_VM_NAME":
    "Azure の VM 名として正しくありません。Azure に表示される名前 (英数字、'-'、'_'、'.' の 1～64 文字) を指定してください。",
  "problem.INVALID_RETENTION": "保持期間は {min}～{max} の整数 (日数) で指定してください。",
  "problem.VM_NOT_MANAGED": "{vm} は kura の管理対象の VM ではありません。管理者に追加を依頼してください。",
  "problem.AZURE_NOT_FOUND":
    "kura の Recovery Services コンテナーに、{vm} という名前の保護された VM が見つかりません。",
  "problem.azure":
    "Azure がエラーを返しました ({code})。数分後にもう一度お試しください。解決しない場合は kura のログを確認してください。",
  "problem.unknown": "処理できませんでした ({code})。",
  "problem.notAvailableYet": "`/backup {command}` はこの kura ではまだ使えません。",
  "problem.duplicate": "このコマンドはすでに受け付けています。2 回は実行しません。",

  // 応答
  "reply.help":
    "kura は依頼に応じて Azure VM のオンデマンド バックアップを行い、復元ポイントを Azure の上限内に保ちます。",
  "reply.cancelled": "リクエスト `{id}` を取り消しました。",
  "reply.cancelRequested":
    "リクエスト `{id}` を取り消しています。Azure で可能な範囲でバックアップを中止し、保護の状態を元に戻します。",
  "reply.activeTitle": "承認待ちまたは実行中のリクエスト: {count} 件",
  "reply.noActive": "承認待ちまたは実行中のバックアップ リクエストはありません。",
  "reply.historyTitle": "最近のバックアップ リクエスト: {count} 件",
  "reply.historyTitleVm": "{vm} の最近のバックアップ リクエスト: {count} 件",
  "reply.historyEmpty": "バックアップ リクエストはまだありません。",
  "reply.historyEmptyVm": "{vm} のバックアップ リクエストはまだありません。",
  "reply.requestLine": "`{id}` {vm} {status:status}、{createdAt:time}、リクエスト者 {requester}",
  "reply.listTitle": "管理対象の VM: {count} 台",
  "reply.listEmpty": "kura のコンテナーに管理対象の保護された VM はありません。",
  "reply.listLine":
    "{vm}: {state:protection}、最終バックアップ {lastBackup:time}、復元ポイント {count}/{limit}",
  "reply.listLineNever": "{vm}: {state:protection}、バックアップなし、復元ポイント {count}/{limit}",
  "reply.listLineUnknown": "{vm}: {state:protection}、復元ポイント数は不明 ({code})",
  "reply.vmStatus": "{vm}: {state:protection}",
  "reply.gcOpen": "毎週の GC ウィンドウは現在開いています ({closesAt:time} まで)。",
  "reply.gcClosed":
    "毎週の GC ウィンドウは閉じています。次は {opensAt:time} に開き、{closesAt:time} に閉じます。",
  "reply.auditTitle": "最新の監査ログ: {count} 件",
  "reply.auditEmpty": "監査ログはありません。",
  "reply.auditLine": "{at:time} {action} 実行者 {actor} ({vm}、`{correlationId}`)",

  // リクエスト カード
  "title.pending": "{vm} のバックアップ: 承認待ち",
  "title.approved": "{vm} のバックアップ: 承認済み、ワーカー待ち",
  "title.rejected": "{vm} のバックアップ: 却下",
  "title.expired": "{vm} のバックアップ: 承認されないまま期限切れ",
  "title.running": "{vm} のバックアップ: 実行中",
  "title.succeeded": "{vm} のバックアップ: 完了",
  "title.failed": "{vm} のバックアップ: 失敗",
  "title.cancelled": "{vm} のバックアップ: 取り消し済み",
  "fact.request": "リクエスト",
  "fact.vm": "VM",
  "fact.vault": "Recovery Services コンテナー",
  "fact.retention": "保持期間",
  "fact.reason": "理由",
  "fact.requester": "リクエスト者",
  "fact.decidedBy": "判断者",
  "fact.decidedAt": "判断日時",
  "fact.rejectionReason": "却下の理由",
  "fact.approvalExpires": "承認期限",
  "fact.azureJob": "バックアップ ジョブ",
  "fact.recoveryPoint": "復元ポイント",
  "fact.rpExpiry": "復元ポイントの有効期限",
  "fact.restorePoints": "復元ポイント数",
  "fact.protection": "保護の状態",
  "fact.lastBackup": "最終バックアップ",
  "fact.lastRequest": "直近のリクエスト",
  "fact.policy": "バックアップ ポリシー",
  "fact.gcSchedule": "毎週の GC ウィンドウ",
  "fact.nextGcWindow": "次の GC ウィンドウ",
  "value.days": "{days} 日",
  "value.time": "{at:time}",
  "value.never": "なし",
  "value.restorePoints": "{limit} 個中 {count} 個使用 (残り {headroom} 個)",
  "value.request": "`{id}` {status:status}",
  "value.gcSchedule": "{day:weekday} {time} から {hours} 時間 ({timeZone})",
  "value.protection": "{state:protection}",
  "note.RP_LIMIT_REACHED":
    "{vm} の復元ポイントは {limit} 個中 {count} 個です。このバックアップは Azure で失敗します (UserErrorRpCollectionLimitReached)。緊急 GC ウィンドウを開くか、毎週の GC ウィンドウを待ってください。",
  "note.RP_LIMIT_NEAR":
    "このバックアップ後、{vm} の復元ポイントは {limit} 個中 {count} 個になります。追加のオンデマンド バックアップの前に、次の GC ウィンドウを待つか、保持期間を短くしてください。",
  "note.SCHEDULE_COLLISION":
    "バックアップ ポリシーのスケジュール バックアップ ({scheduledRun:time}) に近すぎます。{nextSafeTime:time} 以降に実行できます。",
  "note.SCHEDULE_COLLISION_NO_SAFE":
    "バックアップ ポリシーのスケジュール バックアップ ({scheduledRun:time}) に近すぎます。このポリシーは実行間隔が短く、オンデマンド バックアップの余地がありません。週次のポリシーを使ってください。",
  "note.DAILY_QUOTA_USED":
    "{vm} は本日すでに {count} 回オンデマンド バックアップを実行しています (Azure の上限は 1 日 {limit} 回)。00:00 UTC 以降にもう一度リクエストしてください。",
  "note.preflightClear":
    "事前チェック: 復元ポイントは {limit} 個中 {count} 個使用、バックアップ スケジュールとの重なりはありません。",
  "note.preflightRecheck": "バックアップ開始時にもう一度チェックし、問題が残っていればその時点で中止します。",
  "note.previewUnavailable":
    "Azure を事前に確認できませんでした ({code})。バックアップ開始時にチェックします。",
  "note.warning": "{text}",
  "note.failure": "{message} ({code})",
  "note.failureAzure": "{message} (Azure: {azureCode})",
  "note.remedy": "対処方法: {remedy}",
  "note.cancelRequested": "{by} が取り消しを要求しました。",
  "progress.preflight": "Azure の上限とスケジュールを確認しています",
  "progress.resume": "保護を再開しています",
  "progress.trigger": "バックアップ ジョブを開始しています",
  "progress.watch": "バックアップ ジョブ: {task} {percent}%",
  "progress.watchStarting": "バックアップ ジョブを実行しています",
  "progress.stop": "保護を停止しています (データは保持)",
  "progress.report": "復元ポイントを確認しています",

  // {x:status}、{x:protection}、{x:weekday} の表示
  "status.pending": "承認待ち",
  "status.approved": "承認済み",
  "status.rejected": "却下済み",
  "status.expired": "期限切れ",
  "status.running": "実行中",
  "status.succeeded": "完了",
  "status.failed": "失敗",
  "status.cancelled": "取り消し済み",
  "protection.Protected": "保護済み",
  "protection.ProtectionStopped": "保護の停止 (データ保持)",
  "protection.ProtectionPaused": "保護の一時停止",
  "protection.ProtectionError": "保護エラー",
  "protection.IRPending": "初回バックアップ保留中",
  "protection.BackupsSuspended": "バックアップの中断",
  "protection.Invalid": "不明",
  "weekday.Sunday": "日曜日",
  "weekday.Monday": "月曜日",
  "weekday.Tuesday": "火曜日",
  "weekday.Wednesday": "水曜日",
  "weekday.Thursday": "木曜日",
  "weekday.Friday": "金曜日",
  "weekday.Saturday": "土曜日",

  // チャット アダプター: ボタン、却下ダイアログ、スレッドの節目、システム通知のまとめ
  "action.approve": "承認",
  "action.reject": "却下",
  "action.cancel": "バックアップを取り消す",
  "action.back": "戻る",
  "reject.title": "バックアップの却下",
  "reject.reason": "理由 (任意、依頼者に表示されます)",
  "error.unexpected":
    "kura 側で問題が起きました。何も変更していません。もう一度試すか、kura のログを確認してください。",
  "event.approved": "{by} が承認しました。",
  "event.rejected": "{by} が却下しました。",
  "event.rejectedWithReason": "{by} が却下しました: {reason}",
  "event.expired": "期限切れ: 期限内に承認されませんでした。必要ならもう一度依頼してください。",
  "event.step.preflight": "事前チェックを通過しました。",
  "event.step.resume": "保護を再開しました。",
  "event.step.trigger": "バックアップ ジョブを開始しました。",
  "event.step.watch": "バックアップ ジョブが終わりました。",
  "event.step.stop": "保護を再び停止しました (データは保持)。",
  "event.step.report": "復元ポイントを記録しました。",
  "event.stepSkipped": "手順 {step} を省略しました: {why}",
  "event.warning": "警告: {message} {remedy}",
  "event.succeeded": "バックアップ完了: 復元ポイント {recoveryPoint:time}、{expiry:time} まで保持します。",
  "event.failed": "バックアップ失敗: {message} ({code})。{remedy}",
  "event.cancelled": "{by} が取り消しました。",
  "summary.drift-repaired": "{count} 台の VM で保護状態のずれを修正しました",
  "summary.more": "…ほか {count} 件",
  "system.drift-repaired": "{vmName}: {from:protection} → {to:protection}",
  "teams.remedy.notInstalled":
    "Microsoft Teams でこのチームまたはチャットに kura を追加してから（アプリ → kura → 追加）、もう一度試してください。",
};
