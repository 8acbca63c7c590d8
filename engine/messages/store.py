"""Messages of the store: conflicts (409) and things not found (404)."""

MESSAGES: dict[str, dict[str, str]] = {
    "store.conflict.instance": {
        "ja": "申請 {instance} は他の操作で先に更新されました（版 {expected} を読みましたが、"
        "現在は版 {actual} です）。画面を読み込み直してから、もう一度操作してください。",
        "en": "instance {instance} was changed by someone else first (you read version "
        "{expected}; it is now at version {actual}). Reload and try again.",
    },
    "store.conflict.task-closed": {
        "ja": "タスク {task} はすでに終了しています（状態: {status}）。画面を読み込み直してください。",
        "en": "task {task} is no longer open (status: {status}). Reload the page.",
    },
    "store.conflict.task-claimed": {
        "ja": "タスク {task} は {assignee} さんが担当しています。",
        "en": "task {task} is claimed by {assignee}.",
    },
    "store.conflict.timer-fired": {
        "ja": "タイマー {timer} はすでに実行されています。",
        "en": "timer {timer} has already fired.",
    },
    "store.conflict.deploy": {
        "ja": "プロセス {key} の版 {version} が同時に別の内容で登録されました。もう一度登録してください。",
        "en": "version {version} of process {key} was deployed with other files at the same time. "
        "Deploy again.",
    },
    "store.conflict.user-exists": {
        "ja": "ユーザー {name} はすでに登録されています。",
        "en": "the user {name} already exists.",
    },
    "store.conflict.busy": {
        "ja": "データベースが他の処理で混み合っています。少し待ってから、もう一度操作してください。",
        "en": "the database is busy with other changes. Wait a moment and try again.",
    },
    "store.not-found.definition": {
        "ja": "プロセス定義 {definition} は登録されていません。",
        "en": "there is no process definition {definition}.",
    },
    "store.not-found.file": {
        "ja": "プロセス定義 {definition} にファイル {name} はありません。",
        "en": "process definition {definition} has no file {name}.",
    },
    "store.not-found.instance": {
        "ja": "申請 {instance} は見つかりません。",
        "en": "there is no instance {instance}.",
    },
    "store.not-found.task": {
        "ja": "タスク {task} は見つかりません。",
        "en": "there is no task {task}.",
    },
    "store.not-found.timer": {
        "ja": "タイマー {timer} は見つかりません。",
        "en": "there is no timer {timer}.",
    },
    "store.not-found.user": {
        "ja": "ユーザー {name} は登録されていません。",
        "en": "there is no user {name}.",
    },
    "store.bad-url": {
        "ja": "データベース URL {url} を解釈できません。sqlite:///ファイル名 か "
        "postgresql://ユーザー@ホスト/データベース名 の形で指定してください。",
        "en": "cannot use the database URL {url}: give sqlite:///FILE or "
        "postgresql://USER@HOST/DATABASE.",
    },
    "store.unreachable": {
        "ja": "データベース {url} に接続できません: {detail}",
        "en": "cannot connect to the database {url}: {detail}",
    },
    "store.upgraded": {
        "ja": "データベース {url} をリビジョン {revision} に更新しました。",
        "en": "Upgraded the database {url} to revision {revision}.",
    },
}
