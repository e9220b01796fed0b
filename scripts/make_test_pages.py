"""Make the web pages of tests/files/ the way a government CMS publishes a plan (recipe in tests/files/README.md).

No saved real page short enough to keep byte for byte could be had (the saved pages of
www.pingtan.gov.cn in the public repository changwu/pingtan-gov-zwgk-archive are 80–85k
characters each, most of it navigation and scripts), so each page here is that CMS's skeleton —
copied, trimmed, from the real page
``pingtan/zwgk/zfxxgk/dfbmptlj/ptzhsyqbm/ptzhsyqczj/fdzdgknr/10qtwjdzjg/201706/63748_…/page.html``
(政府信息公开 template: header links 国务院/省政府, the main menu, 长者模式/无障碍浏览, the
breadcrumb 当前位置, the 索引号/主题分类/发文机关/成文日期/标题/发文字号/发布日期/有效性 box,
来源/时间, the share box 微信/微博/QQ空间, 扫一扫, 关闭, the footer with 网站标识码,
公安备案号, 闽ICP备…, 版权所有, 主办单位) and ``pingtan/zwgk/ghxx/ndjh/202211/38576_…/page.html``
(规划信息 template: no metadata box, only the <meta name="ArticleTitle|PubDate|ContentSource">
tags and 时间) — with a real plan text (tests/docs/) in the content area, paragraphs styled as
the CMS's Word paste (``<p class="MsoNormal">`` with ``<span style="font-family: 黑体">``), its
任务分工表 as an HTML table with merged cells. The furniture keeps the Pingtan site's own words, so
anything of it that leaks into a plan's text is visible in the tests.
Run: .venv/bin/python scripts/make_test_pages.py
"""

# ruff: noqa: E501  (the CMS skeleton is kept as the real page prints it, one element a line)
from __future__ import annotations

import html
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "files"

_HEAD = """<!DOCTYPE html>
<html ms-controller="windowRoot" ms-class="slb:isSlb">
<head>
\t<meta charset="utf-8" name="viewport" content="width=device-width, initial-scale=1.0, maximum-scale=1.0">
\t<meta http-equiv="x-UA-Compatible" content="IE=Edge,Chrome=1" />
\t<meta name="SiteName" content="平潭综合实验区党工委管委会"/>
<meta name="SiteDomain" content="www.pingtan.gov.cn"/>
<meta name="SiteIDCode" content="3590000001"/>
<meta name="ColumnName" content="{column}"/>
<meta name="ColumnType" content="{column}"/>
<meta name="ArticleTitle" content="{title}"/>
<meta name="PubDate" content="{pubdate}"/>
<meta name="ContentSource" content="{source}"/>
<meta name="Author" content=""/>
<meta name="Description" content=""/>
\t<title>
\t\t{column}_
\t\t平潭综合实验区党工委管委会
\t</title>
\t<link rel="stylesheet" type="text/css" href="/images/trt_iconfont_v2.css">
<link rel="stylesheet" type="text/css" href="/images/trt_ui_v2.css">
<link rel="stylesheet" type="text/css" href="/images/23pingtan.css">
 <style>
    .article_content table{{margin: 0 auto !important;}}
  </style>
</head>
<body>
\t<div class="wrap">
\t\t<!--头部开始-->
\t\t<div class="header menu_hov">
\t<div class="row">
\t\t<div class="logo trt-col-9">
\t\t\t<img src="/images/gh_logo.png" />
\t\t\t<a href="/"><img src="/images/site_logo.png" /></a>
\t\t</div>
\t\t<div class="header_line clearflx" role="serve" des="头部信息">
\t\t\t<div class="header_link_01">
\t\t\t\t<a href="https://www.gov.cn/" Target="_blank" title="国务院" class="btn_base btn_outline btn_outline_primary btn_small">国务院</a>
\t\t\t\t<a href="https://www.fujian.gov.cn/" Target="_blank" title="省政府" class="btn_base btn_outline btn_outline_primary btn_small">省政府</a>
\t\t\t\t<a href="https://www.fjrd.gov.cn/" Target="_blank" title="省人大" class="btn_base btn_outline btn_outline_primary btn_small">省人大</a>
\t\t\t\t<a href="http://www.fjzx.gov.cn/" Target="_blank" title="省政协" class="btn_base btn_outline btn_outline_primary btn_small">省政协</a>
\t\t\t</div>
\t\t\t<div class="header_link_02">
\t\t\t\t<script src="/images/pt-langBig5.js" type="text/javascript"></script>
\t\t\t\t<a href="javascript:;" class="none_sm">移动版</a>
\t\t\t\t<div class="mzt_ewm">
\t\t\t\t\t<div><img src="/images/20xmszf_mzt_ewm.png" /></div>
\t\t\t\t\t<p>闽政通APP</p>
\t\t\t\t</div>
\t\t\t</div>
\t\t\t<div class="header_link_02 none_sm">
\t\t\t\t<em ms-visible="!isLogin">
\t\t\t\t\t<a id="logined" href="javascript:void(0);" ms-click="$login" target="_blank" >登录</a>
\t\t\t\t\t<a id="registered" href="javascript:void(0);" ms-click="$register" >注册</a>
\t\t\t\t</em>
\t\t\t</div>
\t\t\t<span>网站支持IPV6</span>
\t\t</div>
\t\t<div class="menu_base menu_right menu_hd">
\t\t\t<ul class="clearflx" role="navigation" des="站点主目录">
\t\t\t\t<li ms-class="on:RootPath==''"><a href="/">首页</a></li>
\t\t\t\t<li class="parentNode"><a href="https://www.pingtan.gov.cn/zwgk/">政务公开</a></li>
\t\t\t\t<li class="parentNode"><a href="https://www.pingtan.gov.cn/jdhy/">解读回应</a></li>
\t\t\t\t<li class="parentNode"><a href="https://www.pingtan.gov.cn/bsfw/">办事服务</a></li>
\t\t\t\t<li class="parentNode"><a href="https://www.pingtan.gov.cn/hdjl/">互动交流</a></li>
\t\t\t\t<li><a href="https://www.pingtan.gov.cn/zjpt/">走进平潭</a></li>
\t\t\t</ul>
\t\t</div>
\t\t<div class="search_fixed">
\t\t\t<form method="get" action="/ssp/main/index.html" target="_blank">
\t\t\t\t<input type="text" placeholder="请输入搜索内容" name="key" required="required" class="form-control" />
\t\t\t\t<button class="btn_base"><i class="trt-iconfont trt-icon-sousuo"></i></button>
\t\t\t</form>
\t\t</div>
\t</div>
\t<div class="submenu menu_bd">
\t\t<div class="row">
\t\t\t<div>
                    <a href="https://www.pingtan.gov.cn/zwgk/zfxxgk/" target="_blank" title="政府信息公开">政府信息公开</a>
                    <a href="https://www.pingtan.gov.cn/zwgk/ldzc/" target="_blank" title="领导之窗">领导之窗</a>
                    <a href="https://www.pingtan.gov.cn/zwgk/zzjg/" target="_blank" title="政府机构">政府机构</a>
                    <a href="https://www.pingtan.gov.cn/zwgk/yw/" target="_blank" title="要闻">要闻</a>
                    <a href="https://www.pingtan.gov.cn/zwgk/zxwj/" target="_blank" title="最新文件">最新文件</a>
                    <a href="https://www.pingtan.gov.cn/zwgk/zcwjk/" target="_blank" title="政策文件库">政策文件库</a>
                    <a href="https://www.pingtan.gov.cn/zwgk/gsgg/" target="_blank" title="公示公告">公示公告</a>
                    <a href="https://www.pingtan.gov.cn/zwgk/ghxx/" target="_blank" title="规划信息">规划信息</a>
                    <a href="https://www.pingtan.gov.cn/zwgk/zdlyxxgk/" target="_blank" title="重点领域信息公开">重点领域信息公开</a>
\t\t\t</div>
\t\t</div>
\t\t<div class="row">
\t\t\t<div>
                    <a href="https://www.pingtan.gov.cn/jdhy/zcjd/" target="_blank" title="平潭政策解读">平潭政策解读</a>
                    <a href="https://www.pingtan.gov.cn/jdhy/xwfbh/" target="_blank" title="新闻发布会">新闻发布会</a>
                    <a href="https://www.pingtan.gov.cn/jdhy/hygq/" target="_blank" title="回应关切">回应关切</a>
\t\t\t</div>
\t\t</div>
\t\t<div class="row">
\t\t\t<div>
                    <a href="https://12345.pingtan.gov.cn/" target="_blank" title="12345便民惠企服务平台">12345便民惠企服务平台</a>
                    <a href="https://www.pingtan.gov.cn/hdjl/zxft/" target="_blank" title="在线访谈">在线访谈</a>
                    <a href="https://www.pingtan.gov.cn/hdjl/myzj/" target="_blank" title="民意征集">民意征集</a>
\t\t\t</div>
\t\t</div>
\t</div>
</div>
<div class="banner_header">
\t<div class="row">
\t\t<div class="trt-col-7 trt-col-sm-6 slb-trt-col-sm-24 text_align_right">
\t\t\t<div class="aged_link">
                    <a href="javascript:void(0);" class="aged_link_01" ms-click="$inSlb()" ms-visible="!isSlb">长者模式</a>
                    <a href="javascript:void(0);" class="aged_link_02" Id="barrierFreeBtn"><font id="WzaStatus">无障碍浏览</font></a>
                </div>
\t\t</div>
\t</div>
</div>
      <!--头部结束-->
"""

_BREADCRUMB = """            <div class="breadcrumb">
              <span><i class="trt-iconfont trt-icon-weizhi"></i>当前位置：</span>
              <ul>
                <li>
                  {items}
                </li>
              </ul>
            </div>
"""

_INDEX_BOX = """                <div class="index_box shadow_base pad_base">
                  <ul class="trt-row">
                    <li class="trt-col-12 trt-col-sm-24">
                      索&ensp;引&ensp;号：
                        <font>{index_no}</font>
                    </li>
                    <li class="trt-col-12 trt-col-sm-24">
                      主题分类：
                        <font>{topic}</font>
                    </li>
                    <li class="trt-col-12 trt-col-sm-24">
                      发文机关：
                        <font>{issuer}</font>
                    </li>
                    <li class="trt-col-12 trt-col-sm-24">成文日期：{written}</li>
                    <li class="trt-col-24 trt-col-sm-24">
                      标&ensp;&ensp;&ensp;&ensp;题：
                      <font>{title}</font>
                    </li>
                    <li class="trt-col-12 trt-col-sm-24">
                      发文字号：
                        <font>{doc_no}</font>
                    </li>
                    <li class="trt-col-12 trt-col-sm-24">发布日期：{published}</li>

                    <li class="trt-col-12 trt-col-sm-24">
                      有&ensp;效&ensp;性：
                        <em class="red_base">有效</em>
                    </li>
                  </ul>
                </div>
"""

_ARTICLE_TOP = """                    <div class="article_component" ms-controller="windowRoot">
                      <div class="article_title_group">
                        <div class="article_title text_align_center">
                          {title}
                        </div>
                      </div>
{subtitle}                      <div class="article_extend pad_base pad_base0_sm">
                        <div class="border_b_solid_01 none_sm mar_b_base"></div>
                        <div class="trt-row">
                          <div class="trt-col-16 trt-col-sm-24">
{source_span}                            <span class="article_time bf-pass">时间：{pubdate}</span>
                            <span class="article_views" ms-text="'浏览量：' + pvCount"></span>
                          </div>
                          <div class="trt-col-8 function_icon none_sm">
                            <span class="SLB_none" ms-click="$addfont()" title="放大字体"><i class="trt-iconfont trt-icon-zitifangda"></i></span>
                            <span class="SLB_none" ms-click="$reducefont()" title="缩小字体"><i class="trt-iconfont trt-icon-zitisuoxiao1"></i></span>
                            <span ms-click="$addFav" ms-visible="!isfav"><i class="trt-iconfont trt-icon-shoucang"></i></span>
                            <span class="phone_none" onclick="$printDetail()"><i class="trt-iconfont trt-icon-dayin"></i></span>
                            <span class="share"
                              ><i class="trt-iconfont trt-icon-fenxiang1"></i>
                              <div class="share_box">
                                <a href="javascript:void(0);" ms-click="$weixin" title="分享到微信"><i class="trt-iconfont trt-icon-weixin1"></i>微信</a>
                                <a href="javascript:void(0);" ms-attr-href="share.sina" target="_blank" title="分享到新浪微博"><i class="trt-iconfont trt-icon-weibo"></i>微博</a>
                                <a href="javascript:void(0);" ms-attr-href="share.qzone" target="_blank" title="分享到QQ空间"><i class="trt-iconfont trt-icon-kongjian"></i>QQ空间</a>
                              </div>
                            </span>
                          </div>
                        </div>
                      </div>
                      <div class="article_area" ms-controller="windowRoot" ms-class="font{{{{detailFont}}}}">
                        <div class="article_content article_content_01 font_family_cn">
                          <div class="detail_video" ms-include-src="videoBoxUrl"></div>
<div class=TRS_Editor>"""

_ARTICLE_END = """</div>
                        </div>
                      </div>
{attachments}                      <div class="article_qrcode_area none_sm" ms-controller="windowRoot">
                        <div class="article_qrcode">
                          <p>扫一扫在手机上查看当前页面</p>
                          <div class="ewm-img" id="qrcode"></div>
                        </div>
                      </div>
                      <div class="article_btn_group none_sm" ms-controller="windowRoot">
                        <button onclick="$close_window();" title="关闭" alt="关闭" class="btn_base btn_outline btn_outline_info" id="open_messagebox"><i class="trt-iconfont trt-icon-guanbi"></i>关闭</button>
                      </div>
                    </div>
                  </div>
                  <div class="trt-col-5 trt-col-offset-1 trt-col-sm-24" ms-controller="relnews" ms-if="isShow">
                    <div class="title_base current_title clearflx" ms-visible="isShow&&list.length>0">
                      <div class="title_name">文字解读</div>
                    </div>
                    <div class="list_base list_base_date_02" id="wzjd" ms-visible="isShow&&list.length>0">
                      <ul>
                        <li ms-repeat="list">
                          <a ms-attr-href="el.url" ms-text="el.title2" ms-attr-title="el.title2" target="_blank"></a>
                        </li>
                      </ul>
                    </div>
                  </div>
"""

_FOOT = """      <!--底部开始-->
      <div class="footer">
\t<div class="border_t_solid_01"></div>
\t<div class="row">
\t\t<div class="out_links" role="navigation" des="网站链接">
\t\t\t<ul class="trt-row" ms-controller="tabYqlj">
\t\t\t\t\t<li class="trt-col-6" ms-click="$tog2(1)" ms-class="on:curr===1">
\t\t\t\t\t\t<p>省市政府网站</p>
\t\t\t\t\t\t<div class="shadow_base" Id="yqlj_1">
\t\t\t\t\t\t\t<ul class="trt-row">
\t\t\t\t\t\t\t\t\t<li class="trt-col-ave-7 trt-col-sm-24">
\t\t\t\t\t\t\t\t\t\t<a href="http://www.fj.gov.cn/" target="_blank" title="福建省人民政府">福建省人民政府</a>
\t\t\t\t\t\t\t\t\t</li>
\t\t\t\t\t\t\t\t\t<li class="trt-col-ave-7 trt-col-sm-24">
\t\t\t\t\t\t\t\t\t\t<a href="https://www.fuzhou.gov.cn/" target="_blank" title="福州市政府网站">福州市政府网站</a>
\t\t\t\t\t\t\t\t\t</li>
\t\t\t\t\t\t\t\t\t<li class="trt-col-ave-7 trt-col-sm-24">
\t\t\t\t\t\t\t\t\t\t<a href="http://www.xm.gov.cn/" target="_blank" title="厦门市政府网站">厦门市政府网站</a>
\t\t\t\t\t\t\t\t\t</li>
\t\t\t\t\t\t\t</ul>
\t\t\t\t\t\t</div>
\t\t\t\t\t</li>
\t\t\t\t\t<li class="trt-col-6" ms-click="$tog2(2)" ms-class="on:curr===2">
\t\t\t\t\t\t<p>友情链接</p>
\t\t\t\t\t\t<div class="shadow_base" Id="yqlj_2">
\t\t\t\t\t\t\t<ul class="trt-row">
\t\t\t\t\t\t\t\t\t<li class="trt-col-ave-7 trt-col-sm-24">
\t\t\t\t\t\t\t\t\t\t<a href="http://www.people.com.cn/" target="_blank" title="人民网">人民网</a>
\t\t\t\t\t\t\t\t\t</li>
\t\t\t\t\t\t\t\t\t<li class="trt-col-ave-7 trt-col-sm-24">
\t\t\t\t\t\t\t\t\t\t<a href="https://www.ptnet.cn/" target="_blank" title="平潭网">平潭网</a>
\t\t\t\t\t\t\t\t\t</li>
\t\t\t\t\t\t\t</ul>
\t\t\t\t\t\t</div>
\t\t\t\t\t</li>
\t\t\t</ul>
\t\t</div>
\t</div>
\t<div class="row">
\t\t<div class="trt-row">
\t\t\t<div class="trt-col-11 trt-col-sm-24 site_info">
\t\t\t\t\t\t  <a href="https://www.pingtan.gov.cn/zwzdb/wzdt/" target="_blank" title="网站地图">网站地图</a>
\t\t\t\t\t\t  <em>|</em>
\t\t\t\t\t\t  <a href="https://www.pingtan.gov.cn/zwzdb/lxwm/" target="_blank" title="联系我们">联系我们</a>
\t\t\t\t\t\t  <em>|</em>
\t\t\t\t\t\t  <a href="https://www.pingtan.gov.cn/zwzdb/ysbh/" target="_blank" title="隐私保护">隐私保护</a>
\t\t\t\t\t\t  <em>|</em>
\t\t\t\t\t\t  <a href="https://www.pingtan.gov.cn/zwzdb/gywm/" target="_blank" title="关于我们">关于我们</a>
\t\t\t\t<p>
\t\t\t\t\t<span>网站标识码：3590000001</span>
\t\t\t\t\t<span><img src="/images/babs.png" /> <a href="https://beian.mps.gov.cn/#/query/webSearch?code=35012899001-19002" Target="_blank">公安备案号：35012899001-19002</a></span>
\t\t\t\t\t<span><a href="https://beian.miit.gov.cn" Target="_blank" title="闽ICP备09032658号">闽ICP备09032658号</a></span>
\t\t\t\t</p>
\t\t\t\t<p><span>版权所有：平潭综合实验区党工委管委会网站</span></p>
\t\t\t</div>
\t\t\t<div class="trt-col-7 trt-col-sm-24 media_info">
\t\t\t\t<h3><a href="https://www.pingtan.gov.cn/zwzdb/xmtjz/" target="_blank" title="新媒体矩阵">新媒体矩阵</a>  </h3>
\t\t\t\t<ul class="trt-row">
\t\t\t\t\t<li class="trt-col-12"><a href="javascript:;" title="平潭发布"><span class="trt-iconfont trt-icon-weixin1"></span>平潭发布</a></li>
\t\t\t\t\t<li class="trt-col-12"><a href="javascript:;" title="闽政通APP"><span class="trt-iconfont trt-icon-minzhengtong"></span>闽政通APP</a></li>
\t\t\t\t</ul>
\t\t\t</div>
\t\t</div>
\t</div>
\t<div class="copyright_info">
\t\t<div class="row">
\t\t\t<p><span>主办单位：福建省平潭综合实验区管理委员会办公室</span></p>
\t\t\t<p>为确保最佳浏览效果，建议您使用以下浏览器版本：IE浏览器9.0版本及以上； Google Chrome浏览器 63版本及以上； 360浏览器9.1版本及以上，且IE内核9.0及以上。
\t\t\t</p>
\t\t</div>
\t</div>
</div>
      <!--底部结束-->
    </div>
    <script>
    var SiteInfo = {
        itpSiteId: 1,
        searchId: 200210,
        defaultHotWords: '旅游;渔业;保障性住房',
        openSlb: true,
        openWza: true
    };
</script>
<script src="/images/model.min.js"></script>
<script type="text/javascript" src="/images/23pingtan.js"></script>
</body>
</html>
"""

_P = '<p class="MsoNormal" style="margin: 0pt 0pt 0.0001pt; padding: 0px; text-align: {align}; font-family: Calibri; font-size: 10.5pt; color: rgb(76, 76, 76);{indent} line-height: 28pt;"><span style="font-family: {font}; font-size: {size};">{text}</span></p>'
_CRUMB = '<a href="{href}" title="{t}" class="CurrChnlCls">{t}</a>'


def _p(text: str, align: str = "justify", font: str = "仿宋_GB2312", size: str = "16pt", indent: bool = True) -> str:
    return _P.format(
        align=align, font=font, size=size, indent=" text-indent: 32pt;" if indent else "", text=html.escape(text, False)
    )


def _body(text: str) -> str:
    """A paragraph of the plan: 一、 in 黑体, （一） in 楷体, the rest in 仿宋."""
    if re.match(r"^[一二三四五六七八九十]{1,3}、", text):
        return _p(text, font="黑体")
    if re.match(r"^[（(][一二三四五六七八九十]{1,3}[）)]", text) and len(text) <= 20:
        return _p(text, font="楷体_GB2312")
    return _p(text)


def _title(text: str) -> str:
    return _p(text, align="center", font="方正小标宋简体", size="22pt", indent=False)


def _page(*, column: str, crumbs: list[str], title: str, pubdate: str, source: str, content: str,
          index: dict[str, str] | None = None, doc_no: str = "", attachments: str = "") -> str:  # fmt: skip
    hrefs = ["../" * (len(crumbs) - i) for i in range(len(crumbs))]
    items = "</li><li>".join(_CRUMB.format(href=h, t=t) for h, t in zip(hrefs, crumbs, strict=True))
    out = [_HEAD.format(column=column, title=title, pubdate=pubdate, source=source)]
    out.append('      <div class="main">\n        <div class="content">\n')
    out.append('          <div class="row content_bg_02 pad_xl pad_base_sm" role="viewlist" des="正文">\n')
    out.append(_BREADCRUMB.format(items=items))
    out.append('            <div class="pad_t_base">\n')
    if index is not None:
        out.append(_INDEX_BOX.format(title=title, doc_no=doc_no, **index))
    out.append('              <div class="mar_t_large">\n                <div class="trt-row">\n')
    out.append('                  <div class="trt-col-18 trt-col-sm-24">\n')
    subtitle = (
        f'                      <div class="article_title_sec mar_t_base">\n'
        f"                        <font>{doc_no}</font>\n                      </div>\n"
        if doc_no
        else ""
    )
    source_span = f'                            <span class="article_source">来源：{source}</span>\n' if source else ""
    out.append(_ARTICLE_TOP.format(title=title, subtitle=subtitle, source_span=source_span, pubdate=pubdate))
    out.append(content)
    out.append(_ARTICLE_END.format(attachments=attachments))
    out.append(
        "                </div>\n              </div>\n            </div>\n          </div>\n        </div>\n      </div>\n"
    )
    out.append(_FOOT)
    return "".join(out)


def _paras(path: Path) -> list[str]:
    """The source text's paragraphs (a line that does not end a sentence goes on with the next)."""
    out: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        ln = raw.strip()
        if not ln:
            continue
        if out and re.search(r"[、，]$", out[-1]):
            out[-1] += ln
        else:
            out.append(ln)
    return out


# -- 西湖区知识产权强区建设行动计划 (tests/docs/outline/xihu_district_action_plan.txt) ---------------
def xihu_action_plan() -> None:
    paras = _paras(ROOT / "tests/docs/outline/xihu_district_action_plan.txt")
    notice_title = paras[0] + paras[1]  # 杭州市西湖区人民政府办公室 / 关于印发《…》的通知
    doc_no = paras[2]
    parts = [_title(paras[0]), _title(paras[1]), _p(doc_no, align="center", indent=False), _p(paras[3], indent=False)]
    parts.append(_p(paras[4]))
    parts += [_p(paras[5], align="right", indent=False), _p(paras[6], align="right", indent=False)]
    parts.append(_title(paras[7]))
    parts += [_body(t) for t in paras[8:]]
    page = _page(
        column="规划信息", crumbs=["首页", "政务公开", "政府信息公开", "杭州市西湖区人民政府办公室", "法定主动公开内容"],
        title=notice_title, pubdate="2023-03-10 09:30", source="杭州市西湖区人民政府办公室", doc_no=doc_no,
        index={"index_no": "11330106002496910D/2023-00021", "topic": "科技、教育", "issuer": "杭州市西湖区人民政府办公室",
               "written": "2023-03-08", "published": "2023-03-10"},
        content="".join(parts),
    )  # fmt: skip
    (OUT / "xihu_action_plan.html").write_text(page, encoding="utf-8")


# -- 西湖区知识产权保护工作方案 (tests/docs/units/xihu_lead_support.txt), 规划信息 template ----------
def xihu_protection() -> None:
    paras = _paras(ROOT / "tests/docs/units/xihu_lead_support.txt")
    parts = [_title(paras[0])] + [_body(t) for t in paras[1:]]
    page = _page(
        column="年度计划", crumbs=["首页", "政务公开", "规划信息", "年度计划"], title=paras[0],
        pubdate="2024-04-26 16:50", source="", content="".join(parts),
    )  # fmt: skip
    (OUT / "xihu_protection.html").write_text(page, encoding="utf-8")


# -- 文登区知识产权强区建设工作方案 + 重点任务分工表 (tests/docs/annex/wendeng_docx_lead_support.txt) -----
_TD = '<td style="border: 1px solid windowtext; padding: 0pt 5.4pt;"{span}><p class="MsoNormal" style="text-align: center;"><span style="font-family: 仿宋_GB2312; font-size: 12pt;">{text}</span></p></td>'


def _td(text: str, colspan: int = 1, rowspan: int = 1) -> str:
    span = (f' colspan="{colspan}"' if colspan > 1 else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
    return _TD.format(span=span, text=html.escape(text, False) if text else "&nbsp;")


def wendeng() -> None:
    src = (ROOT / "tests/docs/annex/wendeng_docx_lead_support.txt").read_text(encoding="utf-8")
    body_text, annex = src.split("\n附件\n")
    paras = [ln.strip() for ln in body_text.splitlines() if ln.strip()]
    cells = [ln.strip() for ln in annex.splitlines() if ln.startswith("\t")]
    caption = annex.strip().splitlines()[0]
    parts = [_title(paras[0])] + [_body(t) for t in paras[1:]]
    parts += [
        _p("附件", font="黑体", indent=False),
        _p(caption, align="center", font="方正小标宋简体", size="18pt", indent=False),
    ]
    rows = [
        [_td("序号", rowspan=2), _td("重点任务", rowspan=2), _td("具体措施", rowspan=2), _td("责任单位", colspan=2),
         _td("完成时限", rowspan=2)],
        [_td("牵头单位"), _td("配合单位")],
    ]  # fmt: skip
    body_cells = cells[6:]
    k = 0
    while k < len(body_cells):
        if re.match(r"^[一二三四五六七八九十]、", body_cells[k]):
            rows.append([_td(body_cells[k], colspan=6)])
            k += 1
            continue
        number, task, measure, lead, support, deadline = body_cells[k : k + 6]
        rows.append([_td(number), _td(task), _td(measure), _td(lead), _td(support), _td(deadline)])
        k += 6
    table = (
        '<table border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse: collapse; border: none;">'
        "<tbody>" + "".join("<tr>" + "".join(r) + "</tr>" for r in rows) + "</tbody></table>"
    )
    attachments = """                      <div class="article_attachment" id="file_xmb">
                        <div class="title_base">
                          <div class="title_icon_base"><i class="trt-iconfont trt-icon-xiazai"></i><text class="barrier-free-text">附件下载</text></div>
                        </div>
                        <div class="list_base primary_color list_base_date_02 mar_t_small">
                          <ul id="file_ul_fj">
                            <li><a href="/attachFiles/myfile/wendeng_fengong.docx" title="附件：文登区知识产权强区建设重点任务分工表.docx">附件：文登区知识产权强区建设重点任务分工表.docx</a></li>
                          </ul>
                        </div>
                      </div>
"""
    page = _page(
        column="其他文件", crumbs=["首页", "政务公开", "政府信息公开", "威海市文登区人民政府办公室", "法定主动公开内容"],
        title=paras[0], pubdate="2023-02-20 10:15", source="威海市文登区人民政府办公室",
        index={"index_no": "11371003004338552X/2023-00007", "topic": "无", "issuer": "威海市文登区人民政府办公室",
               "written": "2023-02-16", "published": "2023-02-20"},
        content="".join(parts) + table, attachments=attachments,
    )  # fmt: skip
    (OUT / "wendeng_fengong.html").write_text(page, encoding="utf-8")


if __name__ == "__main__":
    xihu_action_plan()
    xihu_protection()
    wendeng()
    print("\n".join(sorted(p.name for p in OUT.glob("*.html"))))
