"""The done-when transcripts of issue 5 (client access): OWA through the cluster name before and after
the article's SAN certificate, failover to CAS02 and the certificate it needs, Test-ActiveSyncConnectivity
through both servers, and Test-OutlookWebServices handing out the URLs through the cluster names.

Each transcript runs in one fresh deterministic lab, moving between the lab computers where the
article works (the client, CAS01, CAS02, the mailbox server); whole outputs are compared."""
from __future__ import annotations

from clientaccess_support import CREATE_TEST_USER, console, screen

OWA_TEST = "Test-OwaConnectivity -URL https://mail.ehlo.dk/owa -MailboxCredential (Get-Credential ehlo\\hwalther)"
HWALTHER = ("P@ssw0rd",)
# Pointing the Autodiscover SCP and the web services of both servers at the cluster names.
CLUSTER_URLS = (
    "Get-ClientAccessServer | Set-ClientAccessServer -AutoDiscoverServiceInternalUri "
    "https://autodiscover.ehlo.dk/Autodiscover/Autodiscover.xml",
    "Get-WebServicesVirtualDirectory | Set-WebServicesVirtualDirectory -InternalUrl "
    "https://mail.ehlo.dk/EWS/Exchange.asmx",
    "Get-OabVirtualDirectory | Set-OabVirtualDirectory -InternalUrl https://mail.ehlo.dk/OAB",
    "Get-UMVirtualDirectory | Set-UMVirtualDirectory -InternalUrl https://mail.ehlo.dk/UnifiedMessaging/Service.asmx",
)

REFUSED = screen(
    'Invoke-WebRequest : The underlying connection was closed: Could not establish t',
    'rust relationship for the SSL/TLS secure channel.',
    'At line:1 char:18',
    '+ Invoke-WebRequest  <<<< https://mail.ehlo.dk/owa',
)
NAME_MISMATCH = screen(
    'Password for user ehlo\\hwalther: ********',
    '',
    '',
    'Url      : https://mail.ehlo.dk/owa',
    'Scenario : Logon',
    'Result   : Failure',
    'Error    : When accessing https://mail.ehlo.dk/owa the error "RemoteCertificate',
    '           NameMismatch:CN=CAS01" was reported.',
    '',
    '',
    '',
)
OWA_PAGE = screen(
    '',
    '',
    'StatusCode        : 200',
    'StatusDescription : OK',
    'Content           : <!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//',
    '                    EN">',
    '                    <html>',
    '                    <head>',
    '                    <meta http-equiv="Content-Type" content="text/html; charset',
    '                    =utf-8">',
    '                    <title>Microsoft Exchange - Outlook Web Access</ti...',
    'RawContent        : HTTP/1.1 200 OK',
    '                    Date: Tue, 18 Mar 2008 10:15:42 GMT',
    '                    Server: Microsoft-IIS/6.0',
    '                    X-Powered-By: ASP.NET',
    '                    X-AspNet-Version: 2.0.50727',
    '                    X-OWA-Version: 8.1.240.6',
    '                    X-FEServer: CAS01',
    '                    Cache-Control: private...',
    'Forms             : ',
    'Headers           : {[Date, Tue, 18 Mar 2008 10:15:42 GMT], [Server, Microsoft-',
    '                    IIS/6.0], [X-Powered-By, ASP.NET], [X-AspNet-Version, 2.0.5',
    '                    0727], [X-OWA-Version, 8.1.240.6], [X-FEServer, CAS01], [Ca',
    '                    che-Control, private], [Content-Type, text/html; charset=ut',
    '                    f-8], [Content-Length, 617]}',
    'Images            : {}',
    'InputFields       : {@{outerHTML=<input type="hidden" name="destination" value=',
    '                    "https://mail.ehlo.dk/owa/">; tagName=INPUT; type=hidden; n',
    '                    ame=destination; value=https://mail.ehlo.dk/owa/}, @{outerH',
    '                    TML=<input type="hidden" name="flags" value="0">; tagName=I',
    '                    NPUT; type=hidden; name=flags; value=0}, @{outerHTML=<input',
    '                     type="text" id="username" name="username">; tagName=INPUT;',
    '                     type=text; id=username; name=username}, @{outerHTML=<input',
    '                     type="password" id="password" name="password">; tagName=IN',
    '                    PUT; type=password; id=password; name=password}, @{outerHTM',
    '                    L=<input type="submit" class="btn" value="Log On">; tagName',
    '                    =INPUT; type=submit; class=btn; value=Log On}}',
    'Links             : {}',
    'ParsedHtml        : ',
    'RawContentLength  : 617',
    '',
    '',
    '',
)
OWA_LOGON = screen(
    'Password for user ehlo\\hwalther: ********',
    '',
    'CasServer  MailboxServer  Scenario         Result   Latency(MS) Error          ',
    '---------  -------------  --------         ------   ----------- -----          ',
    'mail       MBX01          Logon            Success       320.09                ',
    '',
    '',
)
FIRST_NODE = screen(
    'CAS01',
)
CAS02_WARNS = screen(
    'Invoke-WebRequest : The underlying connection was closed: Could not establish t',
    'rust relationship for the SSL/TLS secure channel.',
    'At line:1 char:18',
    '+ Invoke-WebRequest  <<<< https://mail.ehlo.dk/owa',
)
CAS02_CERTIFICATE = screen(
    'Password for user ehlo\\hwalther: ********',
    '',
    '',
    'Error : When accessing https://mail.ehlo.dk/owa the error "RemoteCertificateNam',
    '        eMismatch, RemoteCertificateChainErrors:CN=CAS02" was reported. A certi',
    '        ficate chain processed, but terminated in a root certificate which is n',
    '        ot trusted by the trust provider.',
    '',
    '',
    '',
)
CAS02_SERVES = screen(
    '200',
    'CAS02',
)
TEST_USER = screen(
    'Please enter a temporary secure password for creating test users.  For security, the password will be changed regularly and automatically by the system.',
    'Enter password: ********',
    'Create test user on:  MBX01.ehlo.dk',
    'Control-Break to quit or Enter to continue: ',
    '',
    'Name                      Alias                ServerName       ProhibitSendQuo',
    '                                                                ta             ',
    '----                      -----                ----------       ---------------',
    'CAS_{c934a8f399b24af9}    CAS_{c934a8f399b2... mbx01            unlimited      ',
    'UserPrincipalName:  CAS_c934a8f399b24af9@ehlo.dk',
    '',
    'ClientAccessServer     : CAS01.ehlo.dk',
    'Scenario               : Reset Credentials',
    'ScenarioDescription    : Reset automated credentials for the Client Access test',
    '                          user on Mailbox server MBX01.ehlo.dk.',
    'PerformanceCounterName : ',
    'Result                 : Success',
    'MailboxServer          : MBX01.ehlo.dk',
    'StartTime              : 3/18/2008 10:15:33 AM',
    'Latency                : 00:00:00',
    'SecureAccess           : True',
    'Error                  : ',
    'UserName               : CAS_c934a8f399b24af9',
    'VirtualDirectoryName   : ',
    'Url                    : ',
    'UrlType                : Unknown',
    'EventType              : Success',
    'Port                   : 0',
    'ConnectionType         : Plaintext',
    '',
    'You can um-enable the test user by running this command with the following optional parameters : [-UMDialPlan <dialplanname> -UMExtension <numDigitsInDialplan>] .Either None or Both must be present.',
    '',
    '',
)
EAS_BEFORE = screen(
    '',
    'CasServer  MailboxServer  Scenario         Result   Latency(MS) Error          ',
    '---------  -------------  --------         ------   ----------- -----          ',
    'CAS01      MBX01          Options          Failure     -1000.00 When accessi...',
    '',
    '',
    '',
    '',
    'Scenario : Options',
    'Result   : Failure',
    'Error    : When accessing https://cas02.ehlo.dk/Microsoft-Server-ActiveSync the',
    '            error "RemoteCertificateChainErrors:CN=CAS02" was reported. A certi',
    '           ficate chain processed, but terminated in a root certificate which i',
    '           s not trusted by the trust provider.',
    '',
    '',
    '',
)
EAS_ON_CAS01 = screen(
    '',
    'CasServer  MailboxServer  Scenario         Result   Latency(MS) Error          ',
    '---------  -------------  --------         ------   ----------- -----          ',
    'CAS01      MBX01          Options          Success       219.61                ',
    '',
    '',
    '',
    'CasServer  MailboxServer  Scenario         Result   Latency(MS) Error          ',
    '---------  -------------  --------         ------   ----------- -----          ',
    'CAS02      MBX01          Options          Failure     -1000.00 When accessi...',
    '',
    '',
)
EAS_AFTER = screen(
    '',
    'CasServer  MailboxServer  Scenario         Result   Latency(MS) Error          ',
    '---------  -------------  --------         ------   ----------- -----          ',
    'CAS01      MBX01          Options          Success       184.92                ',
    'CAS01      MBX01          FolderSync       Success       192.45                ',
    'CAS01      MBX01          First Sync       Success       215.09                ',
    'CAS01      MBX01          GetItemEstimate  Success       198.27                ',
    'CAS01      MBX01          Sync Data        Success       210.00                ',
    'CAS01      MBX01          Ping             Success      1204.45                ',
    'CAS01      MBX01          Sync Test Item   Success       217.87                ',
    '',
    '',
    '',
    'CasServer  MailboxServer  Scenario         Result   Latency(MS) Error          ',
    '---------  -------------  --------         ------   ----------- -----          ',
    'CAS02      MBX01          Options          Success       184.52                ',
    'CAS02      MBX01          FolderSync       Success       211.50                ',
    'CAS02      MBX01          First Sync       Success       205.71                ',
    'CAS02      MBX01          GetItemEstimate  Success       201.15                ',
    'CAS02      MBX01          Sync Data        Success       208.90                ',
    'CAS02      MBX01          Ping             Success      1219.68                ',
    'CAS02      MBX01          Sync Test Item   Success       205.43                ',
    '',
    '',
)
EAS_DETAILS = screen(
    '',
    '',
    'ClientAccessServer     : CAS02.ehlo.dk',
    'Scenario               : Options',
    'ScenarioDescription    : Issue an HTTP OPTIONS command to retrieve the Exchange',
    '                          ActiveSync protocol version.',
    'PerformanceCounterName : ',
    'Result                 : Success',
    'MailboxServer          : MBX01.ehlo.dk',
    'StartTime              : 3/18/2008 10:15:47 AM',
    'Latency                : 00:00:00.1836910',
    'SecureAccess           : True',
    'Error                  : ',
    'UserName               : CAS_c934a8f399b24af9',
    'VirtualDirectoryName   : Microsoft-Server-ActiveSync (Default Web Site)',
    'Url                    : https://cas02.ehlo.dk/Microsoft-Server-ActiveSync',
    'UrlType                : Internal',
    'EventType              : Success',
    'Port                   : 0',
    'ConnectionType         : Plaintext',
    '',
    '',
    '',
)
URLS_SET = screen(
)
OWS_BEFORE = screen(
    '',
    '',
    'Id      : 1003',
    'Type    : Information',
    'Message : About to test AutoDiscover with the e-mail address hwalther@ehlo.dk.',
    '',
    'Id      : 1005',
    'Type    : Error',
    'Message : When accessing https://autodiscover.ehlo.dk/Autodiscover/Autodiscover',
    '          .xml the error "RemoteCertificateNameMismatch, RemoteCertificateChain',
    '          Errors:CN=CAS02" was reported. A certificate chain processed, but ter',
    '          minated in a root certificate which is not trusted by the trust provi',
    '          der.',
    '',
    'Id      : 1006',
    'Type    : Information',
    'Message : Contacted AutoDiscover at https://autodiscover.ehlo.dk/Autodiscover/A',
    '          utodiscover.xml.',
    '',
    'Id      : 1005',
    'Type    : Error',
    'Message : When accessing https://mail.ehlo.dk/EWS/Exchange.asmx the error "Remo',
    '          teCertificateNameMismatch, RemoteCertificateChainErrors:CN=CAS02" was',
    '           reported. A certificate chain processed, but terminated in a root ce',
    '          rtificate which is not trusted by the trust provider.',
    '',
    'Id      : 1016',
    'Type    : Success',
    'Message : [EXCH]-Successfully contacted the AS service at https://mail.ehlo.dk/',
    '          EWS/Exchange.asmx.',
    '',
    'Id      : 1005',
    'Type    : Error',
    'Message : When accessing https://mail.ehlo.dk/EWS/Exchange.asmx the error "Remo',
    '          teCertificateNameMismatch, RemoteCertificateChainErrors:CN=CAS02" was',
    '           reported. A certificate chain processed, but terminated in a root ce',
    '          rtificate which is not trusted by the trust provider.',
    '',
    'Id      : 1015',
    'Type    : Success',
    'Message : [EXCH]-Successfully contacted the OAB service at https://mail.ehlo.dk',
    '          /EWS/Exchange.asmx.',
    '',
    'Id      : 1005',
    'Type    : Error',
    'Message : When accessing https://mail.ehlo.dk/UnifiedMessaging/Service.asmx the',
    '           error "RemoteCertificateNameMismatch, RemoteCertificateChainErrors:C',
    '          N=CAS02" was reported. A certificate chain processed, but terminated ',
    '          in a root certificate which is not trusted by the trust provider.',
    '',
    'Id      : 1014',
    'Type    : Success',
    'Message : [EXCH]-Successfully contacted the UM service at https://mail.ehlo.dk/',
    '          UnifiedMessaging/Service.asmx.',
    '',
    'Id      : 1006',
    'Type    : Success',
    'Message : Successfully tested AutoDiscover.',
    '',
    '',
    '',
)
OWS_AFTER = screen(
    '',
    '',
    'Id      : 1003',
    'Type    : Information',
    'Message : About to test AutoDiscover with the e-mail address hwalther@ehlo.dk.',
    '',
    'Id      : 1006',
    'Type    : Information',
    'Message : Contacted AutoDiscover at https://autodiscover.ehlo.dk/Autodiscover/A',
    '          utodiscover.xml.',
    '',
    'Id      : 1016',
    'Type    : Success',
    'Message : [EXCH]-Successfully contacted the AS service at https://mail.ehlo.dk/',
    '          EWS/Exchange.asmx.',
    '',
    'Id      : 1015',
    'Type    : Success',
    'Message : [EXCH]-Successfully contacted the OAB service at https://mail.ehlo.dk',
    '          /EWS/Exchange.asmx.',
    '',
    'Id      : 1014',
    'Type    : Success',
    'Message : [EXCH]-Successfully contacted the UM service at https://mail.ehlo.dk/',
    '          UnifiedMessaging/Service.asmx.',
    '',
    'Id      : 1006',
    'Type    : Success',
    'Message : Successfully tested AutoDiscover.',
    '',
    '',
    '',
)


def test_owa_through_the_cluster_name_warns_until_both_nodes_have_the_san_certificate() -> None:
    with console() as c:
        assert c.run("Invoke-WebRequest https://mail.ehlo.dk/owa", on="CLIENT01") == REFUSED
        # The Exchange test names the problem: CAS01's own certificate, trusted on CAS01, has the wrong name.
        assert c.run(OWA_TEST + " | fl Url,Scenario,Result,Error", answers=HWALTHER) == NAME_MISMATCH
        c.san_on_cas01()
        c.san_on_cas02()
        assert c.run("Invoke-WebRequest https://mail.ehlo.dk/owa", on="CLIENT01") == OWA_PAGE
        assert c.run(OWA_TEST, answers=HWALTHER) == OWA_LOGON


def test_with_cas01s_nlb_adapter_disabled_cas02_answers_and_warns_until_it_has_the_certificate() -> None:
    with console() as c:
        c.san_on_cas01()
        assert c.run("(Invoke-WebRequest https://mail.ehlo.dk/owa).Headers['X-FEServer']", on="CLIENT01") == \
            FIRST_NODE
        c.run('netsh interface set interface name="NLB LAN" admin=disabled', on="CAS01")
        assert c.run("Invoke-WebRequest https://mail.ehlo.dk/owa", on="CLIENT01") == CAS02_WARNS
        assert c.run(OWA_TEST + " | fl Error", on="MBX01", answers=HWALTHER) == CAS02_CERTIFICATE
        c.san_on_cas02()
        assert c.run("$r = Invoke-WebRequest https://mail.ehlo.dk/owa", "$r.StatusCode", "$r.Headers['X-FEServer']",
                     on="CLIENT01") == CAS02_SERVES


def test_activesync_through_cas01_and_cas02_fails_on_the_certificates_then_succeeds() -> None:
    with console() as c:
        assert c.run(CREATE_TEST_USER, answers=("P@ssw0rd", "")) == TEST_USER
        assert c.run("Test-ActiveSyncConnectivity -ClientAccessServer CAS01",
                     "Test-ActiveSyncConnectivity -ClientAccessServer CAS02 | fl Scenario,Result,Error",
                     on="MBX01") == EAS_BEFORE
        # On CAS01 its own setup certificate is trusted, CAS02's is not.
        assert c.run("Test-ActiveSyncConnectivity -ClientAccessServer CAS01 -LightMode",
                     "Test-ActiveSyncConnectivity -ClientAccessServer CAS02 -LightMode") == EAS_ON_CAS01
        c.san_on_cas01()
        c.san_on_cas02()
        assert c.run("Test-ActiveSyncConnectivity -ClientAccessServer CAS01",
                     "Test-ActiveSyncConnectivity -ClientAccessServer CAS02", on="MBX01") == EAS_AFTER
        assert c.run("Test-ActiveSyncConnectivity -ClientAccessServer CAS02 -LightMode | FL") == EAS_DETAILS


def test_outlook_web_services_reports_the_autodiscover_urls_through_the_cluster_names() -> None:
    with console() as c:
        assert c.run(*CLUSTER_URLS) == URLS_SET
        assert c.run("Test-OutlookWebServices -Identity hwalther@ehlo.dk | fl", on="MBX01") == OWS_BEFORE
        c.san_on_cas01()
        c.san_on_cas02()
        assert c.run("Test-OutlookWebServices -Identity hwalther@ehlo.dk | fl", on="MBX01") == OWS_AFTER
