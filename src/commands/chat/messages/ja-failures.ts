/** `en-failures.ts` の日本語版。キーとプレースホルダーは同一 (テストで確認)。 */
import type { enFailures } from "./en-failures.ts";

export const jaFailures: Record<keyof typeof enFailures, string> = {
  "failure.AZURE_RP_LIMIT_REACHED":
    "Azure がバックアップを拒否しました。VM の復元ポイント コレクションがいっぱいです。",
  "failure.AZURE_THROTTLED": "Azure が kura の呼び出しを調整 (スロットリング) し続けました。",
  "failure.AZURE_CONFLICT": "Azure が拒否しました。この VM で別の操作が進行中でした。",
  "failure.AZURE_NOT_FOUND": "Azure で VM またはそのバックアップ項目が見つかりませんでした。",
  "failure.AZURE_FORBIDDEN": "Azure がこの操作へのアクセスを拒否しました。",
  "failure.AZURE_INVALID_INPUT": "Azure が kura の呼び出しを無効として拒否しました。",
  "failure.AZURE_UNAVAILABLE": "Azure に接続できないか、Azure でエラーが発生しました。",
  "failure.AZURE_JOB_FAILED": "Azure のバックアップ ジョブ {jobId} は {jobStatus} で終了しました。",
  "failure.INVALID_VM_NAME": "VM の名前が Azure の VM 名として有効ではありません。",
  "failure.VM_NOT_MANAGED": "この VM は kura の管理対象ではありません。",
  "failure.CONFIG_INVALID": "kura の構成ではこの実行を行えません。",
  "failure.ABORTED": "実行が中断されました。",
  "failure.NO_POLICY":
    "{vm} には Azure のバックアップ ポリシーがなく、コンテナー {vault} の代替ポリシーも構成されていません。",
  "failure.abandoned.given-up":
    "エラーが繰り返されたため、kura はこのバックアップを中止しました。保護は本来の状態に戻しました。",
  "failure.abandoned.stalled":
    "このバックアップを実行するワーカーが何度も停止しました。保護は本来の状態に戻しました。",
  "failure.abandoned.job-lost":
    "このバックアップを実行するジョブが見つからなくなりました。保護は本来の状態に戻しました。",
  "failure.SNAPSHOT_VM_STARTED":
    "スナップショットの作成中に {vm} が起動されました。作成済みのスナップショットは有効期限タグに従って削除されます。",
  "remedy.AZURE_RP_LIMIT_REACHED":
    "対処方法: 約 48 時間保護を再開したままにして (緊急 GC ウィンドウ: `/backup gc open <vm>`) Azure のガベージ コレクションで期限切れの復元ポイントを削除させ、AzureBackupRG_* グループのロックを外してください。",
  "remedy.AZURE_THROTTLED": "対処方法: 数分後にもう一度バックアップをリクエストしてください。",
  "remedy.AZURE_CONFLICT": "対処方法: VM の別の操作が終わるのを待ってから再試行してください。",
  "remedy.AZURE_NOT_FOUND":
    "対処方法: VM が kura に構成された Recovery Services コンテナーのいずれかで保護されているか確認してください。",
  "remedy.AZURE_FORBIDDEN":
    "対処方法: kura の Azure ID (マネージド ID または az login) と、それがコンテナーのバックアップ ロールを持っているか確認してください。",
  "remedy.AZURE_INVALID_INPUT":
    "対処方法: 対象の VM、コンテナー、バックアップ ポリシーを確認してから再試行してください。",
  "remedy.AZURE_UNAVAILABLE":
    "対処方法: 数分後に再試行してください。続く場合は Azure の状態を確認してください。",
  "remedy.AZURE_JOB_FAILED":
    "対処方法: Azure portal (バックアップ ジョブ) でジョブ {jobId} を確認してから再試行してください。",
  "remedy.NO_POLICY":
    "対処方法: kura の構成で {vault} の vaults[].policy に、再開に使う週次のバックアップ ポリシーを設定してください。",
  "remedy.LIFECYCLE_ABANDONED":
    "対処方法: ワーカーのログを確認してから、もう一度バックアップをリクエストしてください。",
  "remedy.azure.UserErrorRpCollectionLimitReached":
    "対処方法: VM の復元ポイント コレクションがいっぱいです (18 個)。緊急 GC ウィンドウを開いて (`/backup gc open <vm>`) Azure に期限切れの復元ポイントを削除させ、AzureBackupRG_* リソース グループのロックを外してから再試行してください。",
  "remedy.azure.UserErrorBackupOperationInProgress":
    "対処方法: この VM の別のバックアップが実行中です。終わるのを待ってから再試行してください。",
  "remedy.azure.UserErrorGuestAgentStatusUnavailable":
    "対処方法: VM エージェントが応答していません。VM が実行中でゲスト エージェントが正常か確認してから再試行してください。",
  "remedy.azure.GuestAgentSnapshotTaskStatusError":
    "対処方法: VM エージェントがスナップショットの状態を報告できませんでした。VM エージェントを確認してから再試行してください。",
  "remedy.azure.UserErrorVmProvisioningStateFailed":
    "対処方法: VM のプロビジョニング状態が失敗になっています。Azure で VM を修復してから再試行してください。",
  "remedy.azure.ExtensionSnapshotFailedNoNetwork":
    "対処方法: VM からスナップショット拡張機能への送信ネットワークがありません。接続を修正してください。",
  "remedy.azure.BackUpOperationFailed":
    "対処方法: Azure で内部エラーが発生しました。数分後に再試行してください。",
  "warning.CANCEL_TOO_LATE":
    "Azure はジョブ {jobId} をもう取り消せませんでした ({code})。ジョブの終了時に kura が保護を元に戻します。",
};
