/**
 * The shapes with no vendor prefix, case by case: each class gets secrets that must go and look-alikes that
 * must stay. The seeded corpus (catalogue.test.ts) covers the same classes with random values.
 */
import { describe, expect, it } from 'vitest';
import { findSecrets, redact } from '../../../src/core/redact/index.js';

const S = 'Zq7vL2mXp9Rt4';

const caught: Record<string, string[]> = {
  prose: [
    `The DB password is ${S} for now`,
    `DB password ${S} (rotate after the demo)`,
    `the admin pass is ${S}`,
    `login as root with password '${S}'`,
    `the password for the prod database is ${S}.`,
    `Here's the prod DB password: ${S}`,
    `I set the password to ${S} and restarted`,
    `The new token: ${S}`,
    `use token ${S} for the staging API`,
    `API key: ${S}`,
    `My GitHub PAT is ${S}`,
    `the secret for the webhook is ${S}`,
    `redis password ${S}`,
    `passwd ${S}`,
    `the key was ${S}9f8e7d`,
    `and secret wJalrXUtnFEMI/K7MDENG/bPxRfiCY${S}`,
    `AWS secret access key ${S}/K7MDENG/bPxRfiCYEXAMPLE`,
  ],
  assignments: [
    `pw: ${S}`,
    `user=admin password=${S}`,
    `PASSWORD="${S}" ./run.sh`,
    `export MYSQL_PWD=${S}`,
    `set PGPASSWORD=${S}&& psql`,
    `$env:DB_PASSWORD = "${S}"`,
    `[database]\npassword = ${S}`,
    `spring.datasource.password: ${S}`,
    `"secret": "${S}",`,
    `--db-password=${S}`,
    `docker run -e POSTGRES_PASSWORD=${S} postgres`,
    `heroku config:set API_SECRET=${S}`,
    `ENV['SECRET_KEY_BASE'] = '${S}'`,
    `os.environ["DB_PASSWORD"] = "${S}"`,
    `"password" => "${S}"`,
    `password := "${S}"`,
    `self.password = "${S}"`,
    `client_secret=${S}&grant_type=client_credentials`,
    `SSHPASS=${S} sshpass -e ssh host`,
    `REDISCLI_AUTH=${S} redis-cli`,
  ],
  urls: [
    `postgres://app:p@ss/${S}@db.internal:5432/app`,
    `mongodb+srv://admin:${S}@cluster0.example.mongodb.net/prod?retryWrites=true`,
    `git clone https://oauth2:${S}@gitlab.example.com/g/p.git`,
    `https://bob@example.com:${S}@git.example.com/repo.git`,
    `redis://:${S}@cache:6379/0`,
    `curl "https://api.example.com/v2/items?key=${S}&limit=10"`,
    `GET /callback?code=${S}x7Kq&state=abc`,
    `wss://stream.example.com/socket?auth=${S}`,
    `https://cdn.example.com/a.png?signature=${S}&expires=1700000000`,
  ],
  'connection strings': [
    `Server=tcp:db,1433;Initial Catalog=app;User ID=sa;Password=my ${S} pass;Encrypt=True;`,
    `Driver={ODBC Driver 18 for SQL Server};Server=db;UID=sa;PWD=${S};`,
    `DSN=warehouse;UID=report;PWD={a;${S}};`,
    `Data Source=db01;User Id=app; Pwd = ${S}; Pooling=true`,
    `jdbc:sqlserver://db:1433;databaseName=app;user=sa;pwd=${S};encrypt=true`,
    `psql "host=db user=app password=${S} dbname=x"`,
  ],
  'command lines': [
    `docker login -u deploy -p ${S} registry.example.com`,
    `podman login --password ${S} quay.io`,
    `sshpass -p '${S}' ssh admin@10.0.0.5`,
    `sshpass -p${S} ssh host`,
    `mysql -u root -p${S} app_db`,
    `/usr/bin/mysqldump -uroot -p${S} db > out.sql`,
    `redis-cli -h cache -a ${S} ping`,
    `npm config set //registry.npmjs.org/:_authToken ${S}`,
    `yarn config set npmAuthToken ${S}`,
    `aws configure set aws_secret_access_key ${S}`,
    `gh secret set DEPLOY_KEY --body "${S}"`,
    `gh secret set DEPLOY_KEY -b ${S}`,
    `kubectl create secret generic db --from-literal=conn=${S}`,
    `kubectl create secret generic x --from-literal=token=${S}`,
    `openssl pkcs12 -export -passout pass:${S} -out cert.p12`,
    `openssl enc -aes-256-cbc -k ${S} -in a -out b`,
    `sqlcmd -S db -U sa -P ${S} -Q "select 1"`,
    `ldapsearch -x -D "cn=admin,dc=example,dc=org" -w ${S} -b dc=example,dc=org`,
    `echo "${S}" | docker login ghcr.io -u bot --password-stdin`,
    `echo ${S} | sudo -S apt update`,
    `ansible-vault encrypt --vault-password-file <(echo ${S})`,
    `keytool -importkeystore -srcstorepass ${S} -destkeystore b.p12`,
    `7z x backup.7z -p${S}`,
    `smbclient //fs/share -U bob%${S}`,
    `zip -P ${S} secrets.zip notes.txt`,
    `htpasswd -bc .htpasswd admin ${S}`,
    `az login --service-principal -u app -p ${S} --tenant t`,
    `mongosh "mongodb://db" -u admin -p ${S}`,
    `curl --user admin:${S} http://x`,
    `curl -H "X-API-Key: ${S}" http://x`,
    `wget --password=${S} ftp://x`,
    `Authorization: Token token=${S}`,
    `X-Auth-Token: ${S}`,
    `vault kv put secret/db password=${S}`,
  ],
  'config files': [
    `env:\n  - name: DB_PASSWORD\n    value: ${S}\n  - name: LOG_LEVEL\n    value: info`,
    `"environment": [{"name": "API_TOKEN", "value": "${S}"}]`,
    `- name: "REDIS_PASSWORD"\n  value: '${S}'`,
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  connection: ${S}\n`,
    `stringData:\n  admin-user: ${S}\nkind: Secret\n`,
    `machine api.heroku.com\n  login me@example.com\n  password ${S}\n`,
    `machine github.com login bot password ${S}`,
    `db:\n  password: |\n    ${S}\n  host: db`,
    `client_secret: >-\n  ${S}\n`,
    `api_token:\n  ${S}\nregion: eu`,
    `<add key="ClearTextPassword" value="${S}" />`,
    `PuTTY-User-Key-File-3: ssh-ed25519\nPublic-Lines: 1\nAAAAC3NzaC1lZDI1NTE5\nPrivate-Lines: 1\n${S}AAAAIB\nPrivate-MAC: 0f1e2d3c4b5a`,
  ],
};

const untouched: Record<string, string[]> = {
  'TypeScript declarations (seen in installed type files)': [
    'declare function isArrowToken(token: CommentOrToken): token is ArrowToken$1;',
    'type ClosingBraceToken = ClosingBraceToken$1;',
    'getLoc(nodeOrToken: Options["SyntaxElementWithLoc"]): SourceLocation;',
    'function check(token: Token | null): void',
  ],
  prose: [
    'The password must be at least 12 characters long.',
    'the password is required',
    'token limit 4096 per request',
    'Tokens are counted with cl100k_base.',
    'pass the test suite before merging',
    'the key was pressed twice',
    'Secret Manager stores the credentials, not the repo.',
    'API key rotation happens every 90 days',
    'password reset link expired at 2024-05-01T10:00:00Z',
    'the token is valid for 3600 seconds',
    'Pat is on call this week',
    'the secret is stored in 1Password',
    'the token expires in 3600s',
    'password hashing uses bcrypt with cost 12',
    'token: string;',
    'const token = getToken(session);',
    'if (token === undefined) return;',
    'the key is in ~/.ssh/id_ed25519',
    'the key was redis-session-store-ttl-k3f9x2qa in the index',
    'see the password section of docs/security.md',
    'my password is [REDACTED:prose-secret]',
    'password: ${{ secrets.DB_PASSWORD }}',
  ],
  urls: [
    'https://example.com:8080/path@v2/file',
    'git@github.com:acme/app.git',
    'ssh://git@github.com:22/acme/app.git',
    'redis://localhost:6379/0',
    'https://user@example.com/repo',
    'https://app.example.com/?key=color&page=2',
    'https://status.example.com/check?code=200',
    'https://example.com/?session=new',
    'postgres://user:$DB_PASSWORD@db:5432/app',
    'redis://user:pass@localhost:6379',
  ],
  'connection strings': ['echo $PWD', 'cd $PWD; ls -la', 'PWD=/home/dev/project', 'pwd; ls', 'Server=db;Database=app;Trusted_Connection=True;'],
  'command lines': [
    'docker run -p 8080:80 nginx',
    'mysql -P 3306 -h db -u app -p',
    'sshpass -f ~/.pw ssh host',
    'gh pr create --title fix --body "Fixes the flaky test"',
    'kubectl create deployment web --image nginx',
    'redis-cli -a $REDIS_PASSWORD ping',
    '7z a -p archive.7z dir',
    'zip -r out.zip dir',
    'openssl enc -aes-256-cbc -pass env:ENC_KEY -in a',
    'smbclient //fs/share -U bob',
    'npm config set registry https://registry.npmjs.org/',
    'git config --global user.name "Dev"',
    'docker login -u bot --password-stdin < token.txt',
    'echo hello | grep h',
  ],
  'config files': [
    '- name: DB_PASSWORD\n  valueFrom:\n    secretKeyRef:\n      name: db\n      key: password',
    '- name: LOG_LEVEL\n  value: debug',
    '- name: DB_HOST\n  value: db.internal',
    'kind: ConfigMap\ndata:\n  mode: fast\n',
    'kind: Secret\ndata:\n  password: {{ .Values.password | b64enc }}\n',
    'password:\n  min_length: 12\n  require_digit: true',
    'secrets:\n  - name: db\n  - name: api',
    'the machine has a password prompt',
    'Public-Lines: 2\nAAAAB3NzaC1yc2EAAAADAQABAAABAQ',
    '<add key="ApiUrl" value="https://api.example.com" />',
  ],
};

describe('secrets with no vendor prefix are removed', () => {
  for (const [group, cases] of Object.entries(caught)) {
    it.each(cases)(`${group}: %j`, (text) => {
      expect(redact(text).text).not.toContain(S);
    });
  }
});

describe('look-alikes stay untouched', () => {
  for (const [group, cases] of Object.entries(untouched)) {
    it.each(cases)(`${group}: %j`, (text) => {
      expect(findSecrets(text)).toEqual([]);
    });
  }
});

describe('only the value goes', () => {
  it.each([
    [`The DB password is ${S} for now`, 'The DB password is [REDACTED:prose-secret] for now'],
    [`docker login -u deploy -p ${S} registry.example.com`, 'docker login -u deploy -p [REDACTED:cli-password] registry.example.com'],
    [`postgres://app:p@ss/w0rd@db:5432/app`, 'postgres://app:[REDACTED:url-password]@db:5432/app'],
    [`Driver={ODBC};Server=db;UID=sa;PWD={a;b c};`, 'Driver={ODBC};Server=db;UID=sa;PWD={[REDACTED:connection-string-password]};'],
    [`machine github.com login bot password ${S}`, 'machine github.com login bot password [REDACTED:netrc-password]'],
  ])('%j', (input, expected) => {
    expect(redact(input).text).toBe(expected);
  });
});
