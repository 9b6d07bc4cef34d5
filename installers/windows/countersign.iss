; Countersign client: the Windows installer around the PyInstaller bundle.
; Built by `python installers\build.py client` on Windows, which passes
;   /DAppVersion=x.y.z /DBundleDir=<dist\countersign> /O<dist>
; NEVER RUN HERE: written and reviewed on Linux; the Windows build agent
; (.github/workflows/windows.yml) compiles it and installs it silently.
;
; Per machine (administrator rights), into Program Files. Silent roll-out by IT:
;   countersign-x.y.z-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
;       /SERVER=https://finance-server:8443 /FINGERPRINT=AB:CD:...  [/TASKS=adminconsole]
; /SERVER and /FINGERPRINT write %ProgramData%\Countersign\provisioning.ini, which
; the client reads before any per-user setting (client/core/provisioning.py): it
; connects without the trust prompt and refuses any other certificate.
; Administrator rights are needed: a clerk refused as too old at login gets the
; installer from the server, but without those rights Windows asks for an
; administrator (IT pushes the new version, or an administrator runs it).
; Uninstalling removes the program only: users' drafts and settings (in their own
; AppData) and the provisioning file stay.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\countersign"
#endif

[Setup]
AppId={{6B1D2F9A-3C47-4E8B-9A51-0C2E7F4D8B13}
AppName=Countersign
AppVersion={#AppVersion}
AppPublisher=Countersign
AppVerName=Countersign {#AppVersion}
DefaultDirName={autopf}\Countersign
DefaultGroupName=Countersign
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputBaseFilename=countersign-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\countersign.exe
; an upgrade over a running client closes it first, and restarts nothing itself
CloseApplications=yes
RestartApplications=no
MinVersion=10.0

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
; Inno Setup ships no official Simplified Chinese messages; used when installed
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[CustomMessages]
english.Workbench=Countersign Workbench
english.AdminConsole=Countersign Admin Console
english.AdminTask=Install the Start-menu entry of the admin console (administrators only)
english.FingerprintMissing=/SERVER was given without /FINGERPRINT: a preset server must come with its certificate fingerprint (SHA-256, 32 pairs such as AB:CD:...).
english.FingerprintBad=/FINGERPRINT is not a SHA-256 fingerprint: 32 pairs of hexadecimal digits such as AB:CD:... are expected.
english.ServerBad=/SERVER must be an https:// address such as https://finance-server:8443.
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
chinesesimplified.Workbench=业务工作台
chinesesimplified.AdminConsole=系统管理后台
chinesesimplified.AdminTask=安装系统管理后台的开始菜单入口(仅管理员使用)
chinesesimplified.FingerprintMissing=给出了 /SERVER 但没有 /FINGERPRINT:预设服务器必须同时给出其证书指纹(SHA-256,32组,如 AB:CD:…)。
chinesesimplified.FingerprintBad=/FINGERPRINT 不是 SHA-256 指纹:应为32组十六进制数字,如 AB:CD:…。
chinesesimplified.ServerBad=/SERVER 必须是 https:// 地址,如 https://finance-server:8443。
#endif

[Tasks]
Name: "adminconsole"; Description: "{cm:AdminTask}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Dirs]
; machine-wide settings: everyone reads them, only administrators change them
; (ProgramData's inherited rights would let any user create provisioning.ini:
; LockMachineFolder replaces them)
Name: "{commonappdata}\Countersign"

[Icons]
Name: "{autoprograms}\Countersign\{cm:Workbench}"; Filename: "{app}\countersign.exe"
Name: "{autoprograms}\Countersign\{cm:AdminConsole}"; Filename: "{app}\countersign-admin.exe"; Tasks: adminconsole

[Run]
Filename: "{app}\countersign.exe"; Description: "{cm:Workbench}"; Flags: nowait postinstall skipifsilent

[Code]
function ServerParam(): String;
begin
  Result := Trim(ExpandConstant('{param:SERVER|}'));
end;

function FingerprintParam(): String;
begin
  Result := Uppercase(Trim(ExpandConstant('{param:FINGERPRINT|}')));
end;

{ 32 pairs of hex digits, however they are separated (the client normalises too) }
function HexDigitCount(const Text: String): Integer;
var
  I: Integer;
begin
  Result := 0;
  for I := 1 to Length(Text) do
    if Pos(Text[I], '0123456789ABCDEF') > 0 then
      Result := Result + 1
    else if Pos(Text[I], ': ') = 0 then
    begin
      Result := -1;
      Exit;
    end;
end;

function Refuse(const Message: String): Boolean;
begin
  { a silent install logs the message and exits with a non-zero code }
  SuppressibleMsgBox(Message, mbCriticalError, MB_OK, IDOK);
  Log(Message);
  Result := False;
end;

function InitializeSetup(): Boolean;
begin
  Result := True;
  if ServerParam() = '' then
    Exit;
  if Pos('https://', Lowercase(ServerParam())) <> 1 then
    Result := Refuse(CustomMessage('ServerBad'))
  else if FingerprintParam() = '' then
    Result := Refuse(CustomMessage('FingerprintMissing'))
  else if HexDigitCount(FingerprintParam()) <> 64 then
    Result := Refuse(CustomMessage('FingerprintBad'));
end;

procedure WriteProvisioning();
var
  Path: String;
begin
  Path := ExpandConstant('{commonappdata}\Countersign\provisioning.ini');
  { ASCII only (an address and hex digits), so the client's UTF-8 reader reads it }
  if not SaveStringToFile(Path,
      '[server]' + #13#10 +
      'url = ' + ServerParam() + #13#10 +
      'fingerprint = ' + FingerprintParam() + #13#10, False) then
    RaiseException('could not write ' + Path);
  Log('provisioning written: ' + Path);
end;

{ SYSTEM and Administrators full, Users read: inheritance from ProgramData removed,
  which grants Users "create files" there }
procedure LockMachineFolder();
var
  ResultCode: Integer;
  Folder: String;
begin
  Folder := ExpandConstant('{commonappdata}\Countersign');
  if not Exec(ExpandConstant('{sys}\icacls.exe'),
      '"' + Folder + '" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F'
      + ' *S-1-5-32-545:(OI)(CI)RX /T /Q',
      '', SW_HIDE, ewWaitUntilTerminated, ResultCode) or (ResultCode <> 0) then
    RaiseException('could not restrict ' + Folder + ' (icacls exit ' + IntToStr(ResultCode) + ')');
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
  begin
    LockMachineFolder();
    if ServerParam() <> '' then
      WriteProvisioning();
  end;
end;
